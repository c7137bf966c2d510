using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>Knobs of the conformance check.</summary>
public sealed record ConformanceOptions
{
    /// <summary>Problems (or episodes) per seed that are generated, solved and attacked. Default: 8.</summary>
    public int Samples { get; init; } = 8;

    /// <summary>Seeds probed for determinism. Default: 0, 1 and 20250120.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [0, 1, 20250120];

    /// <summary>Options the task is created with (null: its defaults). Default: null.</summary>
    public JsonObject? TaskOptions { get; init; }

    /// <summary>Longest a single verification or step may take before it counts as a failure. Default: 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Folder of prompt snapshots (<c>&lt;domain&gt;_&lt;name&gt;-vN.snapshot.txt</c>): the first problems of seed 0 are compared
    /// with it, catching generation that changes between runs or machines; a missing snapshot is written. Default: null (off).
    /// </summary>
    public string? SnapshotDirectory { get; init; }

    /// <summary>Steps after which a reference episode that has not ended fails. Default: 1000.</summary>
    public int MaxEpisodeSteps { get; init; } = 1000;
}

/// <summary>Passed, failed, or skipped because the task has nothing to check (for example no reference solver).</summary>
public enum ConformanceStatus
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>The outcome of one check, such as <c>determinism</c> or <c>hostile/empty</c>.</summary>
public sealed record ConformanceResult(string Check, ConformanceStatus Status, string Message)
{
    public override string ToString() => $"{Status.ToString().ToLowerInvariant(),-7} {Check}: {Message}";
}

/// <summary>Every check run on one task; <see cref="Passed"/> when none failed.</summary>
public sealed record ConformanceReport(string Id, IReadOnlyList<ConformanceResult> Results)
{
    public bool Passed => Results.All(r => r.Status != ConformanceStatus.Failed);

    public IReadOnlyList<ConformanceResult> Failures => Results.Where(r => r.Status == ConformanceStatus.Failed).ToList();

    public override string ToString() =>
        $"{Id}: {(Passed ? "passed" : "FAILED")}{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Results);

    /// <summary>Throws a <see cref="ConformanceException"/> listing every check when one failed: one line in any test framework.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed)
            throw new ConformanceException([this]);
    }
}

/// <summary>Assertions over several reports, for test frameworks that know nothing of R1Gym.</summary>
public static class ConformanceReports
{
    /// <summary>Throws a <see cref="ConformanceException"/> naming every failed report; also when there is no report at all.</summary>
    public static void ThrowIfAnyFailed(this IEnumerable<ConformanceReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var list = reports.ToList();
        if (list.Count == 0)
            throw new R1GymException("No task was checked: expected at least one registered task; does the plugin's Register method add any?");
        var failed = list.Where(r => !r.Passed).ToList();
        if (failed.Count > 0)
            throw new ConformanceException(failed);
    }
}

/// <summary>A conformance check failed; the message holds every result of the failed reports.</summary>
public sealed class ConformanceException(IReadOnlyList<ConformanceReport> failed)
    : R1GymException($"{failed.Count} task(s) failed the conformance check:{Environment.NewLine}{string.Join(Environment.NewLine, failed)}")
{
    public IReadOnlyList<ConformanceReport> Failed { get; } = failed;
}
