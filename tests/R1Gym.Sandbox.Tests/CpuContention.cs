using System.Diagnostics;

namespace R1Gym.Sandbox.Tests;

/// <summary>
/// Busy-loop processes that keep every core saturated while a test runs (a loaded machine, made on purpose), killed
/// by their own process ids when disposed. Each runs in its own session: with the scheduler's autogroups (on in
/// Debian), loops sharing the test's session would together get only one session's share against a worker that
/// bubblewrap starts in a new session.
/// </summary>
internal sealed class CpuContention : IDisposable
{
    private readonly List<Process> _loops = [];

    /// <param name="perCore">Busy processes per core: the answer then gets at most about 1 / (perCore + 1) of a core.</param>
    public CpuContention(int perCore)
    {
        for (int i = 0; i < perCore * Environment.ProcessorCount; i++)
        {
            // setsid execs in place (the child of Process.Start leads no process group), so the id killed is the loop's.
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
            start.ArgumentList.Add("/bin/sh");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("while :; do :; done");
            _loops.Add(Process.Start(start) ?? throw new InvalidOperationException("could not start a busy loop"));
        }
    }

    /// <summary>CPU time the busy loops have used so far: proof that the contention was real.</summary>
    public TimeSpan CpuUsed => _loops.Aggregate(TimeSpan.Zero, (sum, p) =>
    {
        p.Refresh();
        return p.HasExited ? sum : sum + p.TotalProcessorTime;
    });

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            try
            {
                loop.Kill();
                loop.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            loop.Dispose();
        }
    }
}
