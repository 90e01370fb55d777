//go:build !windows

// Added to kwok's pkg/kwok/server by devcluster (lib/build.sh, build_kwok); it
// replaces kwok's own execInContainerWithTTY (renamed ...Upstream there).
//
// kwok closed the terminal as soon as the command exited, so the last output
// of a short command was often lost (`bash -c 'stty size'` printed nothing
// about one time in five), and the shell never got the terminal as its
// controlling terminal (bash: "no job control", Ctrl-C did not interrupt).
// Here the process starts in a session of its own with the terminal as its
// controlling terminal, like in a container, and the session ends only once
// everything it wrote has been read.

package server

import (
	"context"
	"io"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
	"time"

	cpty "github.com/creack/pty"
	"k8s.io/cri-streaming/pkg/streaming/remotecommand"

	utilsexec "sigs.k8s.io/kwok/pkg/utils/exec"
)

// ttyDrainTimeout bounds the wait for output after the command exited: a
// background child that keeps the terminal open must not keep the session.
const ttyDrainTimeout = 2 * time.Second

func (s *Server) execInContainerWithTTY(ctx context.Context, cmd []string, in io.Reader, out io.WriteCloser, resize <-chan remotecommand.TerminalSize) error {
	pty, tty, err := cpty.Open()
	if err != nil {
		return err
	}
	defer func() { _ = pty.Close() }()

	drained := make(chan struct{})
	go func() {
		defer close(drained)
		// Ends with EIO once no process holds the terminal any more.
		_, _ = io.Copy(out, pty)
	}()
	if in != nil {
		go func() { _, _ = io.Copy(pty, in) }()
	}
	if resize != nil {
		go func() {
			for size := range resize {
				_ = cpty.Setsize(pty, &cpty.Winsize{Rows: size.Height, Cols: size.Width})
			}
		}()
	}

	// The options kwok's exec helper would apply (ClusterExec: directory,
	// environment, user), plus a session and a controlling terminal.
	opt := utilsexec.GetExecOptions(ctx)
	c := exec.CommandContext(ctx, cmd[0], cmd[1:]...)
	c.Dir = opt.Dir
	if opt.Env != nil {
		c.Env = append(os.Environ(), opt.Env...)
	}
	c.Stdin, c.Stdout, c.Stderr = tty, tty, tty
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if c.SysProcAttr.Credential, err = credential(opt.UID, opt.GID); err != nil {
		_ = tty.Close()
		return err
	}
	err = c.Run()
	_ = tty.Close() // now only the command's own children may hold it
	select {
	case <-drained:
	case <-time.After(ttyDrainTimeout):
	}
	return err
}

// credential is the user and group to run as; nil runs as kwok's own user.
func credential(uid, gid *int64) (*syscall.Credential, error) {
	if uid == nil && gid == nil {
		return nil, nil
	}
	cred := &syscall.Credential{}
	if uid != nil {
		cred.Uid = uint32(*uid)
	} else {
		cred.Uid = uint32(os.Getuid())
	}
	if gid != nil {
		cred.Gid = uint32(*gid)
		return cred, nil
	}
	u, err := user.LookupId(strconv.FormatInt(int64(cred.Uid), 10))
	if err != nil {
		return nil, err
	}
	g, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, err
	}
	cred.Gid = uint32(g)
	return cred, nil
}
