using System.Runtime.InteropServices;

namespace R1Gym.Sandbox.Supervisor.Isolation;

internal static partial class Native
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);

    [LibraryImport("libc")]
    public static partial uint geteuid();
}
