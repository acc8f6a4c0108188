package web

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// store keeps annotated copies in memory for a short time so the result page can
// offer them as a plain download link (no JavaScript, no data: URL, which phone
// browsers and the in-app browsers clerks use handle badly). Each copy has a random
// 128-bit id, belongs to the browser that uploaded it (its CSRF cookie nonce), and
// goes when it expires or when newer copies need the room; nothing is written to
// disk and nothing survives the process.
type store struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int64
	size  int64
	order []string // ids, oldest first
	items map[string]*kept
	now   func() time.Time
}

// kept is one annotated copy.
type kept struct {
	data     []byte
	name     string // Chinese download name
	fallback string // ASCII download name
	owner    string // the uploader's cookie nonce
	expires  time.Time
}

func newStore(ttl time.Duration, max int64) *store {
	return &store{ttl: ttl, max: max, items: map[string]*kept{}, now: time.Now}
}

// put keeps a copy and returns its id ("" when it is larger than the whole store).
func (st *store) put(k *kept) string {
	if int64(len(k.data)) > st.max {
		return ""
	}
	b := make([]byte, 16)
	rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	st.prune(now)
	for st.size+int64(len(k.data)) > st.max && len(st.order) > 0 {
		st.drop(st.order[0])
	}
	k.expires = now.Add(st.ttl)
	st.items[id] = k
	st.order = append(st.order, id)
	st.size += int64(len(k.data))
	return id
}

// get returns the copy id for the browser owner, if it is still kept.
func (st *store) get(id, owner string) (*kept, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.prune(st.now())
	k, ok := st.items[id]
	if !ok || owner == "" || k.owner != owner {
		return nil, false
	}
	return k, true
}

// prune drops the expired copies (they are in order of expiry).
func (st *store) prune(now time.Time) {
	for len(st.order) > 0 && !now.Before(st.items[st.order[0]].expires) {
		st.drop(st.order[0])
	}
}

func (st *store) drop(id string) {
	if k, ok := st.items[id]; ok {
		st.size -= int64(len(k.data))
		delete(st.items, id)
	}
	for i, x := range st.order {
		if x == id {
			st.order = append(st.order[:i], st.order[i+1:]...)
			break
		}
	}
}
