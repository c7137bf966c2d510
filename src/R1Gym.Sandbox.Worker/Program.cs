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
    FrameIO.Write(output, new WorkerFrame(FrameTypes.Ready) { Error = $"seccomp: {e.Message}" }, ProtocolJson.Default.WorkerFrame);
    return 4;
}

var baseline = Hygiene.Snapshot();
FrameIO.Write(output, new WorkerFrame(FrameTypes.Ready) { Seccomp = seccompError is null, SeccompError = seccompError }, ProtocolJson.Default.WorkerFrame);

while (true)
{
    WorkerRequest? request;
    try
    {
        request = FrameIO.Read(input, 64 << 20, ProtocolJson.Default.WorkerRequest);
    }
    catch (InvalidDataException)
    {
        return 5;
    }
    if (request is null)
        return 0;
    switch (request.Type)
    {
        case FrameTypes.Run:
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            runner.Run(request);
            long ran = System.Diagnostics.Stopwatch.GetTimestamp();
            string? dirty = Hygiene.Check(baseline, runner.LastContext);
            runner.LastContext = null;
            FrameIO.Write(output, new WorkerFrame(FrameTypes.Done)
            {
                Id = request.Id,
                Recycle = dirty is not null,
                Reason = dirty,
                // For the benchmark's breakdown only (the supervisor keeps its own clock for everything it decides).
                RunMs = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started, ran).TotalMilliseconds, 3),
                HygieneMs = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(ran).TotalMilliseconds, 3),
            }, ProtocolJson.Default.WorkerFrame);
            break;
        case FrameTypes.Probe:
            FrameIO.Write(output, new WorkerFrame(FrameTypes.Probe) { Report = Hygiene.Report() }, ProtocolJson.Default.WorkerFrame);
            break;
        default:
            return 6;
    }
}
