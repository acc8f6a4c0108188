package evaluator

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/wuxi-data/dteval/indicators"
	"go.yaml.in/yaml/v3"
)

// Regulation is a regulation map: chapters and articles with a short gist (data, not
// code; SPEC §4). Frameworks name one by id.
type Regulation struct {
	ID       string       `yaml:"id"`
	Title    string       `yaml:"title"`
	Chapters []RegChapter `yaml:"chapters"`
	Articles []RegArticle `yaml:"articles"`
}

// RegChapter is a chapter of a regulation.
type RegChapter struct {
	Number int    `yaml:"number"`
	Title  string `yaml:"title"`
}

// RegArticle is an article of a regulation.
type RegArticle struct {
	Number  int    `yaml:"number"`
	Chapter int    `yaml:"chapter"`
	Gist    string `yaml:"gist"`
}

// Chapter returns the chapter numbered n.
func (r *Regulation) Chapter(n int) (RegChapter, bool) {
	for _, c := range r.Chapters {
		if c.Number == n {
			return c, true
		}
	}
	return RegChapter{}, false
}

// Article returns the article numbered n.
func (r *Regulation) Article(n int) (RegArticle, bool) {
	for _, a := range r.Articles {
		if a.Number == n {
			return a, true
		}
	}
	return RegArticle{}, false
}

func regulationSource(id string) ([]byte, bool) {
	b, err := indicators.FS.ReadFile("regulations/" + id + ".yaml")
	return b, err == nil
}

// RegulationIDs lists the ids of the available regulation maps.
func RegulationIDs() []string {
	entries, _ := indicators.FS.ReadDir("regulations")
	var ids []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			ids = append(ids, name)
		}
	}
	sort.Strings(ids)
	return ids
}

// LoadRegulation returns the regulation map with the given id.
func LoadRegulation(id string) (*Regulation, error) {
	src, ok := regulationSource(id)
	if !ok {
		return nil, fmt.Errorf("没有名为 %q 的条例对照表：请改为 %s 之一，或删去这一键", id, strings.Join(RegulationIDs(), "、"))
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var r Regulation
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("内部错误：内置的条例对照表 %s 无法读取（%q），这是 dteval 的程序缺陷", id, err.Error())
	}
	if r.ID != id {
		return nil, fmt.Errorf("内部错误：内置的条例对照表 %s 的标识是 %q，这是 dteval 的程序缺陷", id, r.ID)
	}
	return &r, nil
}
