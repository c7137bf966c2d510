using System.Text.Json.Nodes;

namespace R1Gym.Gym;

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
}
