using System.Runtime.InteropServices;

namespace R1Gym.Sandbox.Worker;

/// <summary>The few libc calls the worker needs to lock itself down (file descriptors, no_new_privs, seccomp).</summary>
internal static partial class Native
{
    public const int FD_CLOEXEC = 1;
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int O_RDWR = 2;
    public const int O_CLOEXEC = 0x80000;
    public const int PR_SET_NO_NEW_PRIVS = 38;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int dup(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int dup2(int oldFd, int newFd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint syscall(nint number, nint arg1, nint arg2, nint arg3);

    [LibraryImport("libc")]
    public static partial void _exit(int status);

    public const int SIGXFSZ = 25;
    public const nint SIG_IGN = 1;

    [LibraryImport("libc")]
    public static partial nint signal(int signum, nint handler);

    private const int CLOCK_PROCESS_CPUTIME_ID = 2;
    private const int CLOCK_THREAD_CPUTIME_ID = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, out Timespec time);

    /// <summary>CPU time the calling thread has used, in nanoseconds.</summary>
    public static long ThreadCpuNanoseconds()
    {
        _ = clock_gettime(CLOCK_THREAD_CPUTIME_ID, out var time);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    /// <summary>CPU time this process has used, all threads together, in nanoseconds.</summary>
    public static long ProcessCpuNanoseconds()
    {
        _ = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, out var time);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    public static int Check(int result, string what) =>
        result >= 0 ? result : throw new InvalidOperationException($"{what} failed (errno {Marshal.GetLastPInvokeError()})");
}
