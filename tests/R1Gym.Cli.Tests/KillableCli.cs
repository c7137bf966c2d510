using System.Diagnostics;

namespace R1Gym.Cli.Tests;

/// <summary>
/// An r1gym process the test can kill hard (SIGKILL on Linux, the way an OOM killer or a preempted machine ends a run):
/// no handler in the process runs, nothing is flushed or cleaned up.
/// </summary>
public sealed class KillableCli : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private KillableCli(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
    }

    public static KillableCli Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        new(Process.Start(CliProcess.StartInfo(args, environment: environment))!);

    /// <summary>
    /// Polls until <paramref name="path"/> exists. Fails when the process ends first (it ran to completion or crashed)
    /// or when <paramref name="limit"/> passes, so a hung run fails the test instead of hanging it.
    /// </summary>
    public async Task WaitForFileAsync(string path, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"r1gym ended before {path} appeared:\n{await OutcomeAsync()}");
            if (clock.Elapsed > limit)
                throw new TimeoutException($"{path} did not appear within {limit}.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>Kills the process and everything it started, without warning; returns what it had written.</summary>
    public async Task<CliResult> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        return await OutcomeAsync();
    }

    /// <summary>Sends SIGINT (what Ctrl+C sends) and waits for the process to end; fails rather than hangs past <paramref name="limit"/>.</summary>
    public async Task<CliResult> InterruptAsync(TimeSpan limit)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return await OutcomeAsync();
    }

    private async Task<CliResult> OutcomeAsync()
    {
        await _process.WaitForExitAsync();
        return new CliResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
