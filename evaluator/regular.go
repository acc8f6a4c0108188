package evaluator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError is the refusal of a path that is not a regular file (a FIFO, a
// device, a socket, a folder): reading one would block or never end. OpenRegular
// returns it inside an *fs.PathError (FileErrorText shows this text alone).
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

// FileError is a file or folder that could not be read or written, said in
// Chinese: 「无法{Verb}{What} {Path}：{reason}」, the reason from FileErrorText. It
// unwraps to the cause, so errors.Is(err, fs.ErrNotExist) still answers.
type FileError struct {
	Verb string // 读取, 创建, 写出
	What string // 指标体系文件, 核查核减文件, 评估结果文件, 输出文件夹 …
	Path string
	Err  error
}

func (e *FileError) Error() string {
	return fmt.Sprintf("无法%s%s %s：%s", e.Verb, e.What, e.Path, e.Reason())
}

// Reason is what went wrong, without the path (FileErrorText of the cause).
func (e *FileError) Reason() string { return FileErrorText(e.Err) }

func (e *FileError) Unwrap() error { return e.Err }

// ReadError is the refusal to read the file at path (what names it: 核查核减文件).
func ReadError(what, path string, err error) error {
	return &FileError{Verb: "读取", What: what, Path: path, Err: err}
}

// FileErrorText says in Chinese, with what to do next, why a file or folder could
// not be opened, read, created or written: the operating system's errors
// (*fs.PathError, syscall errnos) are English. Any other error is its own text
// (the engine's errors are Chinese already); an errno this function does not
// know is quoted inside a Chinese sentence.
func FileErrorText(err error) string {
	var nr *NotRegularError
	if errors.As(err, &nr) {
		if nr.Mode.IsDir() {
			return "这是文件夹，不是文件：请给出文件本身的路径"
		}
		return nr.Error()
	}
	for _, c := range fileErrnos {
		if errors.Is(err, c.err) {
			return c.say
		}
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("操作系统报告错误 %q，请检查路径和磁盘后重试", errno.Error())
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return FileErrorText(pe.Err)
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Reason()
	}
	return err.Error()
}

// IsFileSystemError tells whether err comes from the file system (a path that
// does not exist or cannot be written, a full disk …) rather than from the
// program: what FileErrorText says in Chinese.
func IsFileSystemError(err error) bool {
	var pe *fs.PathError
	var le *os.LinkError
	var errno syscall.Errno
	var nr *NotRegularError
	return errors.As(err, &pe) || errors.As(err, &le) || errors.As(err, &errno) || errors.As(err, &nr)
}

// fileErrnos are the file-system errors a user meets, in Chinese, first match wins.
var fileErrnos = []struct {
	err error
	say string
}{
	{fs.ErrNotExist, "文件或文件夹不存在，请检查路径"},
	{fs.ErrPermission, "没有访问权限：请检查这个文件或文件夹的权限，或换一个位置"},
	{syscall.EISDIR, "这是文件夹，不是文件：请给出文件本身的路径"},
	{syscall.ENOTDIR, "路径中有一段是文件而不是文件夹：请检查路径，或换一个文件夹"},
	{syscall.ENOSPC, "磁盘空间不足：请清理磁盘后重试"},
	{syscall.EDQUOT, "磁盘配额已用完：请清理后重试"},
	{syscall.EROFS, "所在的磁盘是只读的：请换一个可以写入的文件夹"},
	{syscall.ENAMETOOLONG, "路径太长：请换一个较短的路径"},
	{syscall.ELOOP, "符号链接层数过多（可能循环指向自己）：请检查路径"},
	{fs.ErrExist, "已有同名的文件或文件夹：请换一个名字或先移走它"},
	{syscall.EMFILE, "同时打开的文件过多：请稍后重试"},
	{syscall.ENFILE, "同时打开的文件过多：请稍后重试"},
	{syscall.EIO, "读写出错（磁盘或网络盘故障）：请检查磁盘后重试"},
	{syscall.ETXTBSY, "文件正被其他程序使用：请关闭它后重试"},
	{syscall.EBUSY, "文件正被其他程序使用：请关闭它后重试"},
}
