using System.Runtime.InteropServices;

namespace R1Gym.Sandbox.Worker;

/// <summary>
/// Installs a seccomp-BPF filter on every thread of the process (SECCOMP_FILTER_FLAG_TSYNC: a per-thread filter
/// leaves existing thread-pool threads free to Process.Start). Denied: exec, fork, clone without CLONE_THREAD,
/// ptrace, sockets other than AF_UNIX, namespace and mount calls, bpf, perf, keyrings, io_uring, cross-process
/// memory access. clone3 answers ENOSYS so glibc falls back to clone, where the flags can be checked.
/// </summary>
internal static class Seccomp
{
    private const uint RetAllow = 0x7fff0000;
    private const uint RetKillProcess = 0x80000000;
    private const uint RetErrno = 0x00050000;
    private const int EPERM = 1, EACCES = 13, ENOSYS = 38;
    private const uint CloneThread = 0x00010000;
    private const uint AfUnix = 1;

    // BPF opcodes: LD|W|ABS, JMP|JEQ|K, JMP|JGE|K, JMP|JSET|K, RET|K.
    private const ushort LdAbs = 0x20, Jeq = 0x15, Jge = 0x35, Jset = 0x45, Ret = 0x06;

    private sealed record Arch(uint AuditArch, int Seccomp, int CloneNr, int Clone3, int Socket, int[] Denied, bool HasX32);

    // x86_64: execve, execveat, fork, vfork, ptrace, mount, umount2, pivot_root, chroot, unshare, setns, bpf,
    // perf_event_open, userfaultfd, keyctl, add_key, request_key, process_vm_readv/writev, io_uring_setup,
    // kexec_load, init_module, finit_module, personality, socketpair-free socket() handled separately.
    private static readonly Arch X64 = new(0xC000003E, 317, 56, 435, 41,
        [59, 322, 57, 58, 101, 165, 166, 155, 161, 272, 308, 321, 298, 323, 250, 248, 249, 310, 311, 425, 246, 175, 313, 135], true);

    private static readonly Arch Arm64 = new(0xC00000B7, 277, 220, 435, 198,
        [221, 281, 117, 40, 39, 41, 51, 97, 268, 280, 241, 282, 219, 217, 218, 270, 271, 425, 104, 105, 273, 92], false);

    [StructLayout(LayoutKind.Sequential)]
    private struct SockFilter
    {
        public ushort Code;
        public byte Jt;
        public byte Jf;
        public uint K;
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct SockFprog
    {
        public ushort Len;
        public SockFilter* Filter;
    }

    /// <summary>Installs the filter on all threads; throws when the kernel or architecture does not allow it.</summary>
    public static unsafe void Apply()
    {
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => X64,
            System.Runtime.InteropServices.Architecture.Arm64 => Arm64,
            var other => throw new PlatformNotSupportedException($"seccomp filter has no syscall table for {other}"),
        };
        var program = Build(arch);
        Native.Check(Native.prctl(Native.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)");
        fixed (SockFilter* filter = program)
        {
            var prog = new SockFprog { Len = (ushort)program.Length, Filter = filter };
            // seccomp(SECCOMP_SET_MODE_FILTER = 1, SECCOMP_FILTER_FLAG_TSYNC = 1, &prog); a positive result names a thread it could not sync.
            nint result = Native.syscall(arch.Seccomp, 1, 1, (nint)(&prog));
            if (result != 0)
                throw new InvalidOperationException($"seccomp(TSYNC) failed: result {result}, errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static SockFilter[] Build(Arch arch)
    {
        var f = new List<SockFilter>
        {
            Stmt(LdAbs, 4),                                   // A = seccomp_data.arch
            Jump(Jeq, arch.AuditArch, 1, 0),
            Stmt(Ret, RetKillProcess),
            Stmt(LdAbs, 0),                                   // A = seccomp_data.nr
        };
        if (arch.HasX32)
        {
            f.Add(Jump(Jge, 0x40000000, 0, 1));               // x32 ABI calls: refuse them all
            f.Add(Stmt(Ret, RetErrno | EPERM));
        }
        foreach (int nr in arch.Denied)
        {
            f.Add(Jump(Jeq, (uint)nr, 0, 1));
            f.Add(Stmt(Ret, RetErrno | EPERM));
        }
        f.Add(Jump(Jeq, (uint)arch.Clone3, 0, 1));
        f.Add(Stmt(Ret, RetErrno | ENOSYS));
        // clone: allow only threads (CLONE_THREAD in the flags, args[0]).
        f.Add(Jump(Jeq, (uint)arch.CloneNr, 0, 4));
        f.Add(Stmt(LdAbs, 16));
        f.Add(Jump(Jset, CloneThread, 0, 1));
        f.Add(Stmt(Ret, RetAllow));
        f.Add(Stmt(Ret, RetErrno | EPERM));
        // socket: AF_UNIX only (the network namespace is the main barrier; this one closes raw and netlink sockets).
        f.Add(Jump(Jeq, (uint)arch.Socket, 0, 4));
        f.Add(Stmt(LdAbs, 16));
        f.Add(Jump(Jeq, AfUnix, 0, 1));
        f.Add(Stmt(Ret, RetAllow));
        f.Add(Stmt(Ret, RetErrno | EACCES));
        f.Add(Stmt(Ret, RetAllow));
        return f.ToArray();
    }

    private static SockFilter Stmt(ushort code, uint k) => new() { Code = code, K = k };

    private static SockFilter Jump(ushort code, uint k, byte jt, byte jf) => new() { Code = code, K = k, Jt = jt, Jf = jf };
}
