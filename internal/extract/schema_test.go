package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/doc"
)

// The Doc's JSON form is documented in docs/schema.md and
// docs/doc.schema.json; these tests keep the schema and internal/doc in step
// (a field added to doc.go must be added to the schema) and validate real
// extract output against it.

const schemaPath = "../../docs/doc.schema.json"

type jsonSchema struct {
	Type                 string                 `json:"type"`
	Ref                  string                 `json:"$ref"`
	Properties           map[string]*jsonSchema `json:"properties"`
	Required             []string               `json:"required"`
	AdditionalProperties json.RawMessage        `json:"additionalProperties"`
	Items                *jsonSchema            `json:"items"`
	Enum                 []string               `json:"enum"`
	Defs                 map[string]*jsonSchema `json:"$defs"`
}

func loadSchema(t *testing.T) *jsonSchema {
	t.Helper()
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s jsonSchema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// jsonFields lists a struct's JSON fields (embedded structs flattened) with
// whether each is always written (no omitempty).
func jsonFields(t reflect.Type) map[string]struct {
	typ    reflect.Type
	always bool
} {
	out := map[string]struct {
		typ    reflect.Type
		always bool
	}{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && tag == "" {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out[name] = struct {
			typ    reflect.Type
			always bool
		}{f.Type, !strings.Contains(opts, "omitempty")}
	}
	return out
}

func TestSchemaMatchesDoc(t *testing.T) {
	root := loadSchema(t)
	seen := map[reflect.Type]bool{}
	var check func(goType reflect.Type, s *jsonSchema, where string)
	resolve := func(s *jsonSchema) (*jsonSchema, string) {
		if s.Ref != "" {
			name := strings.TrimPrefix(s.Ref, "#/$defs/")
			return root.Defs[name], name
		}
		return s, ""
	}
	var checkType func(gt reflect.Type, s *jsonSchema, where string)
	checkType = func(gt reflect.Type, s *jsonSchema, where string) {
		if gt.Kind() == reflect.Pointer {
			gt = gt.Elem()
		}
		rs, name := resolve(s)
		if rs == nil {
			t.Errorf("%s: unresolved %s", where, s.Ref)
			return
		}
		switch gt.Kind() {
		case reflect.String:
			if s.Type != "string" {
				t.Errorf("%s: schema type %q, Go string", where, s.Type)
			}
		case reflect.Int, reflect.Int64, reflect.Int32:
			if s.Type != "integer" {
				t.Errorf("%s: schema type %q, Go int", where, s.Type)
			}
		case reflect.Float64, reflect.Float32:
			if s.Type != "number" {
				t.Errorf("%s: schema type %q, Go float", where, s.Type)
			}
		case reflect.Bool:
			if s.Type != "boolean" {
				t.Errorf("%s: schema type %q, Go bool", where, s.Type)
			}
		case reflect.Slice:
			if s.Type != "array" || s.Items == nil {
				t.Errorf("%s: schema type %q, Go slice", where, s.Type)
				return
			}
			checkType(gt.Elem(), s.Items, where+"[]")
		case reflect.Map:
			if s.Type != "object" {
				t.Errorf("%s: schema type %q, Go map", where, s.Type)
			}
		case reflect.Struct:
			if name != "" && name != gt.Name() {
				t.Errorf("%s: $ref %s for Go type %s", where, name, gt.Name())
			}
			check(gt, rs, gt.Name())
		}
	}
	check = func(gt reflect.Type, s *jsonSchema, where string) {
		if seen[gt] {
			return
		}
		seen[gt] = true
		fields := jsonFields(gt)
		var req []string
		for name, f := range fields {
			ps, ok := s.Properties[name]
			if !ok {
				t.Errorf("%s.%s is in internal/doc but not in %s: document it there and in docs/schema.md", where, name, schemaPath)
				continue
			}
			if f.always {
				req = append(req, name)
			}
			checkType(f.typ, ps, where+"."+name)
		}
		for name := range s.Properties {
			if _, ok := fields[name]; !ok {
				t.Errorf("%s.%s is in the schema but not in internal/doc", where, name)
			}
		}
		sort.Strings(req)
		got := append([]string(nil), s.Required...)
		sort.Strings(got)
		if !reflect.DeepEqual(req, got) && !(len(req) == 0 && len(got) == 0) {
			t.Errorf("%s: required %v, but Go always writes %v", where, got, req)
		}
	}
	check(reflect.TypeOf(doc.Doc{}), root, "Doc")
}

// validate checks v (decoded JSON) against s: the subset of JSON Schema the
// Doc schema uses.
func validate(root, s *jsonSchema, v any, where string) error {
	if s.Ref != "" {
		return validate(root, root.Defs[strings.TrimPrefix(s.Ref, "#/$defs/")], v, where)
	}
	switch s.Type {
	case "string":
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: want string, got %T", where, v)
		}
		if len(s.Enum) > 0 && !contains(s.Enum, str) {
			return fmt.Errorf("%s: %q not in %v", where, str, s.Enum)
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != float64(int64(f)) {
			return fmt.Errorf("%s: want integer, got %v", where, v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: want number, got %T", where, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want boolean, got %T", where, v)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want array, got %T", where, v)
		}
		for i, e := range a {
			if err := validate(root, s.Items, e, fmt.Sprintf("%s[%d]", where, i)); err != nil {
				return err
			}
		}
	case "object":
		o, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want object, got %T", where, v)
		}
		for _, r := range s.Required {
			if _, ok := o[r]; !ok {
				return fmt.Errorf("%s: missing %q", where, r)
			}
		}
		for k, e := range o {
			ps, ok := s.Properties[k]
			if !ok {
				if string(s.AdditionalProperties) == "false" {
					return fmt.Errorf("%s: unknown property %q", where, k)
				}
				continue
			}
			if err := validate(root, ps, e, where+"."+k); err != nil {
				return err
			}
		}
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func TestExtractOutputValidates(t *testing.T) {
	root := loadSchema(t)
	for _, f := range []string{"02-front-page.txt", "03-cjk-trade.txt", "04-flood-relief.html", "12-evening-edition.html"} {
		data, err := os.ReadFile("../../examples/" + f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Run(context.Background(), f, data, FormatAuto)
		if err != nil {
			t.Fatal(err)
		}
		d.Diag(StageID, "test", doc.SevInfo, "a diagnostic", nil)
		b, _ := json.Marshal(d)
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		if err := validate(root, root, v, f); err != nil {
			t.Error(err)
		}
	}
}
