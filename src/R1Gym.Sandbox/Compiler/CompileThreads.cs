using System.Collections.Concurrent;

namespace R1Gym.Sandbox.Compiler;

/// <summary>
/// The threads every compile runs on, one per core, shared by all compilers in the process. They have large stacks
/// (Roslyn recurses on nested source; the nesting precheck keeps it far from this limit) and they live for the whole
/// process: no thread is created per answer and Roslyn's per-thread pools stay warm. The queue holds only
/// callers that are awaiting their result, so it is bounded by the callers' own concurrency.
/// </summary>
internal static class CompileThreads
{
    private const int StackBytes = 256 << 20;
    private static readonly BlockingCollection<Action> Queue = new();
    private static int _started;

    /// <summary>Runs <paramref name="job"/> on a compile thread; the job must not throw (it reports through its own task).</summary>
    public static void Post(Action job)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
            for (int i = 0; i < Environment.ProcessorCount; i++)
                new Thread(Loop, StackBytes) { IsBackground = true, Name = $"sandbox-compile-{i}" }.Start();
        Queue.Add(job);
    }

    private static void Loop()
    {
        foreach (var job in Queue.GetConsumingEnumerable())
            job();
    }
}
