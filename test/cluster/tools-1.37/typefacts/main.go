// Command typefacts prints, as JSON, what the API server knows about built-in
// types but does not publish in its OpenAPI: which fields are plain values with
// omitempty (the server stores nothing for their zero value, a pointer field
// keeps it), which always hold a value even when omitted (a Quantity's "0"), and
// which fields of atomic structs the server fills in with Go defaulting code
// (fieldRef.apiVersion: "v1"). kube-drift's read-only comparison needs them to
// predict what applying would store; scripts/gen-builtin-type-facts.sh writes
// them to src/drift/builtin-type-facts.ts for the pinned Kubernetes version.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/generated/openapi"

	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/certificates/install"
	_ "k8s.io/kubernetes/pkg/apis/coordination/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/discovery/install"
	_ "k8s.io/kubernetes/pkg/apis/events/install"
	_ "k8s.io/kubernetes/pkg/apis/flowcontrol/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/node/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	_ "k8s.io/kubernetes/pkg/apis/resource/install"
	_ "k8s.io/kubernetes/pkg/apis/scheduling/install"
	_ "k8s.io/kubernetes/pkg/apis/storage/install"
)

type facts struct {
	DroppedWhenZero []string       `json:"droppedWhenZero,omitempty"`
	AlwaysSet       map[string]any `json:"alwaysSet,omitempty"`
	// ServerSet names every field the server may hold although the request left it
	// out: filled by the Go defaulting code (whatever the value, also where it depends
	// on other fields, also a whole struct or list), or always serialized (a plain
	// field without omitempty). A live-only field of an atomic struct that is not
	// among them was written by someone, and applying Git removes it.
	ServerSet []string `json:"serverSet"`
}

func main() {
	atomic := atomicStructs()
	all := map[string]*facts{}
	seen := map[reflect.Type]bool{}
	var kinds []reflect.Type
	for gvk, t := range legacyscheme.Scheme.AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal || !strings.HasPrefix(t.PkgPath(), "k8s.io/api/") {
			continue
		}
		kinds = append(kinds, t)
		walkTypes(t, seen, all)
	}
	defaults, defaulted := codeDefaults(kinds)
	for name, fields := range defaulted {
		f := all[name]
		if f == nil {
			f = &facts{}
			all[name] = f
		}
		for field := range fields {
			if !contains(f.ServerSet, field) {
				f.ServerSet = append(f.ServerSet, field)
			}
		}
		sort.Strings(f.ServerSet)
	}
	for name, fields := range defaults {
		// Only atomic structs are replaced whole by the local comparison and need them.
		if !atomic[name] {
			continue
		}
		f := all[name]
		if f == nil {
			f = &facts{}
			all[name] = f
		}
		if f.AlwaysSet == nil {
			f.AlwaysSet = map[string]any{}
		}
		for field, value := range fields {
			f.AlwaysSet[field] = value
		}
		fmt.Fprintf(os.Stderr, "code defaults of atomic %s: %v\n", name, fields)
	}
	for name, f := range all {
		// Only atomic structs are replaced whole: elsewhere live keeps what is always set.
		if !atomic[name] {
			f.AlwaysSet = nil
		}
		// Every walked type stays, with its serverSet even when empty: the read-only
		// comparison drops a live-only field only of a type the facts cover.
		if f.ServerSet == nil {
			f.ServerSet = []string{}
		}
	}
	out, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(string(out))
}

// definitionName is the OpenAPI name of a Go type: k8s.io/api/core/v1.PodSpec -> io.k8s.api.core.v1.PodSpec.
func definitionName(t reflect.Type) string {
	path := t.PkgPath()
	host, rest, _ := strings.Cut(path, "/")
	parts := strings.Split(host, ".")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".") + "." + strings.ReplaceAll(rest, "/", ".") + "." + t.Name()
}

// atomicStructs: definitions the server's own OpenAPI marks x-kubernetes-map-type: atomic.
func atomicStructs() map[string]bool {
	defs := openapi.GetOpenAPIDefinitions(func(path string) spec.Ref { return spec.MustCreateRef(path) })
	result := map[string]bool{}
	// The keys are already the OpenAPI names (io.k8s.api.core.v1.ObjectFieldSelector).
	for name, def := range defs {
		if mapType, ok := def.Schema.Extensions["x-kubernetes-map-type"]; ok && mapType == "atomic" {
			result[name] = true
		}
	}
	return result
}

func contains(list []string, item string) bool {
	for _, value := range list {
		if value == item {
			return true
		}
	}
	return false
}

func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	return t
}

func isScalar(k reflect.Kind) bool {
	switch k {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

type field struct {
	name      string
	omitempty bool
	sf        reflect.StructField
}

// jsonFields lists a struct's JSON fields, inline embedded structs flattened.
func jsonFields(t reflect.Type) []field {
	var fields []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		name, options, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if sf.Anonymous && (name == "" || strings.Contains(options, "inline")) && sf.Type.Kind() == reflect.Struct {
			fields = append(fields, jsonFields(sf.Type)...)
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, field{name: name, omitempty: strings.Contains(options, "omitempty"), sf: sf})
	}
	return fields
}

func embedsTypeMeta(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous && sf.Type.Name() == "TypeMeta" && sf.Type.PkgPath() == "k8s.io/apimachinery/pkg/apis/meta/v1" {
			return true
		}
	}
	return false
}

func walkTypes(t reflect.Type, seen map[reflect.Type]bool, all map[string]*facts) {
	t = elem(t)
	if t.Kind() != reflect.Struct || seen[t] || !strings.HasPrefix(t.PkgPath(), "k8s.io/api/") {
		return
	}
	seen[t] = true
	f := &facts{AlwaysSet: map[string]any{}}
	zero, err := json.Marshal(reflect.New(t).Interface())
	if err != nil {
		panic(err)
	}
	var zeroMap map[string]any
	_ = json.Unmarshal(zero, &zeroMap)
	for _, fd := range jsonFields(t) {
		ft := fd.sf.Type
		if ft.Kind() != reflect.Pointer && isScalar(ft.Kind()) && fd.omitempty {
			f.DroppedWhenZero = append(f.DroppedWhenZero, fd.name)
		}
		// Serialized even when zero (no omitempty, or a struct): live always has it.
		if _, ok := zeroMap[fd.name]; ok {
			f.ServerSet = append(f.ServerSet, fd.name)
		}
		// A plain struct that marshals to a scalar (resource.Quantity: "0") is there even when omitted.
		if ft.Kind() == reflect.Struct {
			if value, ok := zeroMap[fd.name]; ok {
				switch value.(type) {
				case string, float64, bool:
					f.AlwaysSet[fd.name] = value
				}
			}
		}
		walkTypes(ft, seen, all)
	}
	// An object embedded whole (a StatefulSet's volumeClaimTemplates) gets its
	// apiVersion and kind from the registry code, not from defaulting: on create
	// the StatefulSet strategy writes them into each template.
	if embedsTypeMeta(t) {
		f.ServerSet = append(f.ServerSet, "apiVersion", "kind")
	}
	sort.Strings(f.DroppedWhenZero)
	sort.Strings(f.ServerSet)
	all[definitionName(t)] = f
}

// codeDefaults runs the server's defaulting code on every kind, filled with one
// of everything, and records per struct type what the defaulting added. A field
// that got different values in different places depends on something else and
// is left out of the values, but every field the defaulting filled in is named
// in the second result.
func codeDefaults(kinds []reflect.Type) (map[string]map[string]any, map[string]map[string]bool) {
	found := map[string]map[string]any{}
	defaulted := map[string]map[string]bool{}
	conflicting := map[string]bool{}
	// First with every pointer to a struct set (defaults inside them show), then with
	// only lists filled (a struct the defaulting creates when absent shows as a
	// defaulted field); the values are taken from the first pass only.
	for _, pointers := range []bool{true, false} {
		values, valueConflicts := found, conflicting
		if !pointers {
			values, valueConflicts = map[string]map[string]any{}, map[string]bool{}
		}
		for _, t := range kinds {
			object := reflect.New(t)
			saturate(object.Elem(), map[reflect.Type]bool{}, pointers)
			before := toJSON(object.Interface())
			func() {
				defer func() {
					if r := recover(); r != nil {
						fmt.Fprintf(os.Stderr, "defaulting %s: %v\n", t, r)
					}
				}()
				legacyscheme.Scheme.Default(object.Interface().(runtime.Object))
			}()
			after := toJSON(object.Interface())
			collectDefaults(t, before, after, values, defaulted, valueConflicts)
		}
	}
	for key := range conflicting {
		name, fieldName, _ := strings.Cut(key, "#")
		delete(found[name], fieldName)
	}
	return found, defaulted
}

func toJSON(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out any
	_ = json.Unmarshal(data, &out)
	return out
}

// saturate gives every list of structs one item and, with pointers, sets every
// pointer to a struct.
func saturate(v reflect.Value, stack map[reflect.Type]bool, pointers bool) {
	t := v.Type()
	if stack[t] {
		return
	}
	stack[t] = true
	defer delete(stack, t)
	switch t.Kind() {
	case reflect.Struct:
		if !strings.HasPrefix(t.PkgPath(), "k8s.io/api/") {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				saturate(v.Field(i), stack, pointers)
			}
		}
	case reflect.Pointer:
		if pointers && elem(t.Elem()).Kind() == reflect.Struct && t.Elem().Kind() == reflect.Struct && strings.HasPrefix(t.Elem().PkgPath(), "k8s.io/api/") {
			v.Set(reflect.New(t.Elem()))
			saturate(v.Elem(), stack, pointers)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct && strings.HasPrefix(t.Elem().PkgPath(), "k8s.io/api/") {
			v.Set(reflect.MakeSlice(t, 1, 1))
			saturate(v.Index(0), stack, pointers)
		}
	}
}

func collectDefaults(t reflect.Type, before, after any, found map[string]map[string]any, defaulted map[string]map[string]bool, conflicting map[string]bool) {
	t = elem(t)
	if t.Kind() != reflect.Struct || !strings.HasPrefix(t.PkgPath(), "k8s.io/api/") {
		return
	}
	b, _ := before.(map[string]any)
	a, _ := after.(map[string]any)
	if a == nil {
		return
	}
	name := definitionName(t)
	for _, fd := range jsonFields(t) {
		av, inAfter := a[fd.name]
		bv, inBefore := b[fd.name]
		if inAfter && !inBefore {
			if defaulted[name] == nil {
				defaulted[name] = map[string]bool{}
			}
			defaulted[name][fd.name] = true
			switch av.(type) {
			case string, float64, bool:
				if found[name] == nil {
					found[name] = map[string]any{}
				}
				if previous, ok := found[name][fd.name]; ok && previous != av {
					conflicting[name+"#"+fd.name] = true
				}
				found[name][fd.name] = av
			}
		}
		ft := fd.sf.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Struct:
			collectDefaults(ft, bv, av, found, defaulted, conflicting)
		case reflect.Slice:
			bl, _ := bv.([]any)
			al, _ := av.([]any)
			for i := range al {
				var bi any
				if i < len(bl) {
					bi = bl[i]
				}
				collectDefaults(ft.Elem(), bi, al[i], found, defaulted, conflicting)
			}
		}
	}
}
