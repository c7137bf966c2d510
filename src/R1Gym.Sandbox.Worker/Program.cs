using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using R1Gym.Sandbox.Protocol;
using R1Gym.Sandbox.Worker;

// The sandbox worker. The supervisor starts it inside namespaces with an empty environment; it then locks itself
// down further before any answer is loaded: the protocol pipes move to private descriptors, fds 0-2 become
// /dev/null (so Console.OpenStandardOutput() writes nowhere), leaked descriptors are closed, and a seccomp filter is
// installed on every thread. It answers "ready", then runs one answer per request, each in a fresh collectible load
// context, and reports raw values: it never sees expected outputs and decides no verdict.
bool requireSeccomp = !args.Contains("--no-seccomp");
// Past the file-size rlimit a write fails with EFBIG (an exception the answer sees) instead of SIGXFSZ killing the
// worker: launchers differ in the disposition they hand down, and a full /tmp must look the same under each.
Native.signal(Native.SIGXFSZ, Native.SIG_IGN);
Stream input, output;
string? seccompError = null;
try
{
    int inFd = Native.Check(Native.dup(0), "dup(0)");
    int outFd = Native.Check(Native.dup(1), "dup(1)");
    Native.Check(Native.fcntl(inFd, Native.F_SETFD, Native.FD_CLOEXEC), "fcntl");
    Native.Check(Native.fcntl(outFd, Native.F_SETFD, Native.FD_CLOEXEC), "fcntl");
    int devNull = Native.Check(Native.open("/dev/null", Native.O_RDWR | Native.O_CLOEXEC), "open(/dev/null)");
    for (int fd = 0; fd <= 2; fd++)
        Native.Check(Native.dup2(devNull, fd), "dup2");
    Native.close(devNull);
    Hygiene.CloseInheritedDescriptors(keep: [inFd, outFd]);
    input = new FileStream(new SafeFileHandle(inFd, ownsHandle: true), FileAccess.Read, 1);
    output = new FileStream(new SafeFileHandle(outFd, ownsHandle: true), FileAccess.Write, 1);
}
catch (Exception e)
{
    Console.Error.WriteLine($"worker: descriptor setup failed: {e.Message}");
    return 3;
}

var runner = new AnswerRunner(output);
runner.WarmUp();
try
{
    Seccomp.Apply();
}
catch (Exception e) when (!requireSeccomp)
{
    seccompError = e.Message;
}
catch (Exception e)
{
    FrameIO.Write(output, new JsonObject { ["type"] = "ready", ["error"] = $"seccomp: {e.Message}" });
    return 4;
}

var baseline = Hygiene.Snapshot();
FrameIO.Write(output, new JsonObject
{
    ["type"] = "ready",
    ["seccomp"] = seccompError is null,
    ["seccompError"] = seccompError,
});

while (true)
{
    JsonObject? request;
    try
    {
        request = FrameIO.Read(input, 64 << 20);
    }
    catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
    {
        return 5;
    }
    if (request is null)
        return 0;
    switch ((string?)request["type"])
    {
        case "run":
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            runner.Run(request);
            long ran = System.Diagnostics.Stopwatch.GetTimestamp();
            string? dirty = Hygiene.Check(baseline, runner.LastContext);
            runner.LastContext = null;
            FrameIO.Write(output, new JsonObject
            {
                ["type"] = "done",
                ["id"] = request["id"]?.DeepClone(),
                ["recycle"] = dirty is not null,
                ["reason"] = dirty,
                // For the benchmark's breakdown only (the supervisor keeps its own clock for everything it decides).
                ["runMs"] = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started, ran).TotalMilliseconds, 3),
                ["hygieneMs"] = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(ran).TotalMilliseconds, 3),
            });
            break;
        case "probe":
            FrameIO.Write(output, new JsonObject { ["type"] = "probe", ["report"] = Hygiene.Report() });
            break;
        default:
            return 6;
    }
}
