// Package petrarch reads dictionaries in the PETRARCH-1/TABARI and
// PETRARCH-2 formats (actors with date restrictions, agents, discards,
// verbs with synsets and patterns) and codes sentences with them, the way
// the PETRARCH validation suite expects. The coder works over a phrase
// tree (Node) that a Penn-treebank constituency parse or a dependency
// parse can both be turned into.
package petrarch

import (
	"errors"
	"fmt"
	"strings"
)

// Node is one phrase (Label "NP", "VP", "S" ...) or one word (Word set,
// Label is its POS tag). First/Last are the word range [First, Last) the
// node covers in the sentence's word list.
type Node struct {
	Label    string
	Word     string
	Children []*Node
	Parent   *Node
	First    int
	Last     int
}

// Leaf reports whether n is a word.
func (n *Node) Leaf() bool { return len(n.Children) == 0 }

// Tree is a parsed sentence: the root and its words in order.
type Tree struct {
	Root  *Node
	Words []*Node
}

// ErrUnbalanced is returned for trees whose brackets do not balance.
var ErrUnbalanced = errors.New("unbalanced parse tree")

// MaxTreeDepth bounds nesting so hostile input cannot exhaust the stack of
// the recursive walks over the tree.
const MaxTreeDepth = 2000

// ParseTree reads a Penn-treebank bracketed tree such as
// "(ROOT (S (NP (NNP Arnor)) (VP (VBD left))))". Unbalanced or malformed
// trees are an error, never a panic.
func ParseTree(s string) (*Tree, error) {
	t := &Tree{}
	var stack []*Node
	i := 0
	n := len(s)
	skip := func() {
		for i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
	}
	atom := func() string {
		j := i
		for i < n && s[i] != '(' && s[i] != ')' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' {
			i++
		}
		return s[j:i]
	}
	for {
		skip()
		if i >= n {
			break
		}
		switch s[i] {
		case '(':
			i++
			skip()
			label := ""
			if i < n && s[i] != '(' && s[i] != ')' {
				label = atom()
			}
			nd := &Node{Label: label}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				if p.Word != "" {
					return nil, fmt.Errorf("%w: phrase inside word %q at byte %d", ErrUnbalanced, p.Word, i)
				}
				nd.Parent = p
				p.Children = append(p.Children, nd)
			} else if t.Root != nil {
				// A second top-level tree: PETRARCH treats it as bad input.
				return nil, fmt.Errorf("%w: text after the end of the tree at byte %d", ErrUnbalanced, i)
			} else {
				t.Root = nd
			}
			if len(stack) >= MaxTreeDepth {
				return nil, fmt.Errorf("parse tree nested deeper than %d", MaxTreeDepth)
			}
			stack = append(stack, nd)
		case ')':
			if len(stack) == 0 {
				return nil, fmt.Errorf("%w: unexpected ')' at byte %d", ErrUnbalanced, i)
			}
			i++
			stack = stack[:len(stack)-1]
		default:
			w := atom()
			if len(stack) == 0 {
				return nil, fmt.Errorf("%w: word %q outside the tree", ErrUnbalanced, w)
			}
			p := stack[len(stack)-1]
			if len(p.Children) > 0 || p.Word != "" {
				// "(NP (DT the) dog)" is not treebank form; keep the word as its own leaf.
				p.Children = append(p.Children, &Node{Label: "X", Word: w, Parent: p})
				continue
			}
			p.Word = w
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("%w: %d bracket(s) left open", ErrUnbalanced, len(stack))
	}
	if t.Root == nil {
		return nil, errors.New("empty parse tree")
	}
	t.index(t.Root)
	if len(t.Words) == 0 {
		return nil, errors.New("parse tree has no words")
	}
	return t, nil
}

// index numbers the words and sets every node's word range.
func (t *Tree) index(nd *Node) {
	nd.First = len(t.Words)
	if nd.Word != "" && len(nd.Children) == 0 {
		t.Words = append(t.Words, nd)
	}
	for _, c := range nd.Children {
		t.index(c)
	}
	nd.Last = len(t.Words)
}

// String writes the tree back in bracketed form.
func (n *Node) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *Node) write(b *strings.Builder) {
	b.WriteByte('(')
	b.WriteString(n.Label)
	if n.Word != "" {
		b.WriteByte(' ')
		b.WriteString(n.Word)
	}
	for _, c := range n.Children {
		b.WriteByte(' ')
		c.write(b)
	}
	b.WriteByte(')')
}
