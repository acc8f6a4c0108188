package evaluator

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError is the refusal of a path that is not a regular file (a FIFO, a
// device, a socket, a folder): reading one would block or never end. OpenRegular
// returns it inside an *fs.PathError (openErrorText shows this text alone).
type NotRegularError struct {
	Mode os.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("不是普通文件（%s），无法读取：请给出文件本身（.xlsx、.csv 或 .yaml 等），不要给出管道或设备", fileKind(e.Mode))
}

func notRegular(path string, mode os.FileMode) error {
	return &fs.PathError{Op: "读取", Path: path, Err: &NotRegularError{Mode: mode}}
}

// OpenRegular opens a file for reading only when it is a regular file (a symbolic
// link to one is followed): a FIFO or a device is refused at once, never waited
// on (SPEC §10: never a hang). The file is opened without blocking (opening a
// FIFO with no writer would wait for one; O_NONBLOCK changes nothing for a
// regular file's reads) and its mode checked again on the open file, so a file
// swapped for a FIFO between the two checks is refused too.
func OpenRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(path, fi.Mode())
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, notRegular(path, fi.Mode())
	}
	return f, nil
}

// fileKind names a file mode for a message.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "是文件夹"
	case m&os.ModeNamedPipe != 0:
		return "是命名管道"
	case m&os.ModeDevice != 0, m&os.ModeCharDevice != 0:
		return "是设备文件"
	case m&os.ModeSocket != 0:
		return "是套接字"
	}
	return "类型不明"
}
