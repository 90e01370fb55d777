package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	clientv3 "go.etcd.io/etcd/client/v3"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
)

// errConflict: the object changed in etcd between our read and our write.
var errConflict = errors.New("object changed concurrently")

// store reads and writes Kubernetes objects where the apiserver keeps them:
// etcd keys /registry/<resource>/<namespace>/<name>, values in the apiserver's
// protobuf envelope ("k8s\x00" + runtime.Unknown). The apiserver's watch cache
// follows etcd's watch, so a write here reaches every watcher as a MODIFIED
// event with a new resourceVersion (the etcd revision), as an API write would.
type store struct {
	kv    clientv3.KV
	codec *protobuf.Serializer
}

// object is one stored Kubernetes object and the etcd revision it was read at.
type object struct {
	key         string
	modRevision int64
	gvk         schema.GroupVersionKind
	obj         runtime.Object
	meta        metav1.Object
}

func newStore(kv clientv3.KV) (*store, error) {
	scheme := runtime.NewScheme()
	if err := appsv1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	if err := corev1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	return &store{kv: kv, codec: protobuf.NewSerializer(scheme, scheme)}, nil
}

func (s *store) decode(key string, value []byte, modRevision int64) (*object, error) {
	if !bytes.HasPrefix(value, []byte("k8s\x00")) {
		return nil, fmt.Errorf("%s: not stored as protobuf (encryption at rest or another storage media type?)", key)
	}
	obj, gvk, err := s.codec.Decode(value, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return &object{key: key, modRevision: modRevision, gvk: *gvk, obj: obj, meta: m}, nil
}

// get returns nil without an error when the key does not exist.
func (s *store) get(ctx context.Context, key string) (*object, error) {
	resp, err := s.kv.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	if len(resp.Kvs) == 0 {
		return nil, nil
	}
	kv := resp.Kvs[0]
	return s.decode(key, kv.Value, kv.ModRevision)
}

// list returns every object under prefix (which must end with "/").
func (s *store) list(ctx context.Context, prefix string) ([]*object, error) {
	resp, err := s.kv.Get(ctx, prefix, clientv3.WithPrefix())
	if err != nil {
		return nil, err
	}
	out := make([]*object, 0, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		o, err := s.decode(string(kv.Key), kv.Value, kv.ModRevision)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// update writes o back if nobody changed it since it was read (the same
// optimistic concurrency the apiserver uses); errConflict otherwise.
func (s *store) update(ctx context.Context, o *object) error {
	// The envelope names the type from the object's TypeMeta.
	o.obj.GetObjectKind().SetGroupVersionKind(o.gvk)
	var buf bytes.Buffer
	if err := s.codec.Encode(o.obj, &buf); err != nil {
		return fmt.Errorf("%s: %w", o.key, err)
	}
	resp, err := s.kv.Txn(ctx).
		If(clientv3.Compare(clientv3.ModRevision(o.key), "=", o.modRevision)).
		Then(clientv3.OpPut(o.key, buf.String())).
		Commit()
	if err != nil {
		return fmt.Errorf("%s: %w", o.key, err)
	}
	if !resp.Succeeded {
		return errConflict
	}
	return nil
}
