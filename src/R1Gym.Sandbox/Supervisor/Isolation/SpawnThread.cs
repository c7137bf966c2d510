using System.Collections.Concurrent;
using System.Diagnostics;

namespace R1Gym.Sandbox.Supervisor.Isolation;

/// <summary>
/// The one thread that starts every worker's launcher, alive as long as the process. bubblewrap's
/// <c>--die-with-parent</c> ties the sandbox to the thread that forked it (PR_SET_PDEATHSIG follows the parent
/// thread, not the process), so a worker started from a thread-pool thread died when that thread retired after a
/// few idle seconds, and the next answer sent to it got "Broken pipe".
/// </summary>
internal static class SpawnThread
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Queue = new();
    private static readonly Lazy<Thread> Thread = new(() =>
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "sandbox-spawn" };
        thread.Start();
        return thread;
    });

    /// <summary>Starts <paramref name="start"/> from the spawn thread.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        _ = Thread.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((start, started));
        return started.Task;
    }

    private static void Loop()
    {
        foreach (var (start, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                started.TrySetResult(Process.Start(start) ?? throw new InvalidOperationException($"'{start.FileName}' did not start"));
            }
            catch (Exception e)
            {
                started.TrySetException(e);
            }
        }
    }
}
