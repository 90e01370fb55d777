// Added to kwok's pkg/kwok/server by devcluster (lib/build.sh, build_kwok).
//
// The streaming server that kwok uses (k8s.io/cri-streaming) reports a
// command's exit code only for an error that is a k8s.io/utils/exec.ExitError;
// kwok returns os/exec's, wrapped, so a failing `kubectl exec` became an
// internal error and the exit code was lost. withExitCode hands the streaming
// server the code, as a kubelet does.

package server

import (
	"errors"
	"os/exec"

	utilexec "k8s.io/utils/exec"
)

func withExitCode(err error) error {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && exitErr.Exited() {
		return utilexec.CodeExitError{Err: err, Code: exitErr.ExitCode()}
	}
	return err
}
