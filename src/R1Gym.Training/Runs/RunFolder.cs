using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using R1Gym.Abstractions;

namespace R1Gym.Training;

/// <summary>How a training command treats its run folder.</summary>
public enum RunMode
{
    /// <summary>Start a run; a folder that already holds one is refused (nothing in it is touched).</summary>
    New,
    /// <summary>Continue the run the folder holds; its task, task options and prompt format must match.</summary>
    Resume,
    /// <summary>Delete the run the folder holds, then start a new one.</summary>
    Overwrite,
}

/// <summary>What a run trains on: stored in <c>run.json</c> when it starts, compared when it is resumed.</summary>
/// <param name="Trainer">"sft", "grpo" or "distill".</param>
/// <param name="Task">The task id (or the data file) the examples or prompts come from.</param>
/// <param name="TaskOptions">The task's options as given, null for the defaults.</param>
/// <param name="PromptFormat">The chat template prompts are rendered with.</param>
public sealed record RunIdentity(
    [property: JsonPropertyName("trainer")] string Trainer,
    [property: JsonPropertyName("task")] string? Task,
    [property: JsonPropertyName("task_options")] JsonObject? TaskOptions,
    [property: JsonPropertyName("prompt_format")] string? PromptFormat);

/// <summary>
/// A run folder held by one process: <c>checkpoints/</c>, <c>metrics.jsonl</c>, <c>plots/</c>, <c>model/</c> and
/// <c>run.json</c>. Opening it takes an exclusive lock (a second run on the same folder is refused, naming the holder),
/// refuses to start over a run that exists unless asked to resume or overwrite, and refuses to resume a run with another
/// task, task options or prompt format. Dispose releases the lock.
/// </summary>
public sealed class RunFolder : IDisposable
{
    private const string LockFile = ".lock";
    private const string OwnerFile = ".owner";
    private const string IdentityFile = "run.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly FileStream _lock;

    private RunFolder(string path, FileStream held)
    {
        Path = path;
        _lock = held;
    }

    public string Path { get; }

    public string Checkpoints => System.IO.Path.Combine(Path, "checkpoints");

    public string Metrics => System.IO.Path.Combine(Path, "metrics.jsonl");

    public string Plots => System.IO.Path.Combine(Path, "plots");

    public string Model => System.IO.Path.Combine(Path, "model");

    /// <param name="acceptChanges">Resume even when the identity differs from the run's (the caller has warned).</param>
    public static RunFolder Open(string path, RunMode mode, RunIdentity identity, bool acceptChanges = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(identity);
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
            throw new R1GymException($"The run folder '{full}' is a file; pass a folder with --output.");
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new R1GymException($"Cannot create the run folder '{full}': {e.Message} Pass a writable folder with --output.", e);
        }
        var folder = new RunFolder(full, TakeLock(full));
        try
        {
            folder.Prepare(mode, identity, acceptChanges);
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    private static FileStream TakeLock(string folder)
    {
        var lockPath = System.IO.Path.Combine(folder, LockFile);
        FileStream held;
        try
        {
            // FileShare.None is an exclusive flock on Linux: the kernel drops it when the process dies, so no stale lock outlives a kill.
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var owner = File.Exists(System.IO.Path.Combine(folder, OwnerFile)) ? File.ReadAllText(System.IO.Path.Combine(folder, OwnerFile)).Trim() : "another process";
            throw new R1GymException($"The run folder '{folder}' is in use by {owner}. Wait for that run to finish (or stop it), or pass another --output.");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new R1GymException($"The run folder '{folder}' is not writable ({e.Message}); pass a writable folder with --output.", e);
        }
        var who = string.Create(CultureInfo.InvariantCulture,
            $"process {Environment.ProcessId} on {Environment.MachineName}, started {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z ({string.Join(' ', Environment.GetCommandLineArgs().Skip(1))})");
        File.WriteAllText(System.IO.Path.Combine(folder, OwnerFile), who);
        return held;
    }

    private void Prepare(RunMode mode, RunIdentity identity, bool acceptChanges)
    {
        var existing = Directory.EnumerateFileSystemEntries(Path).Select(e => System.IO.Path.GetFileName(e)!)
            .Where(n => n is not (LockFile or OwnerFile)).Order(StringComparer.Ordinal).ToList();
        switch (mode)
        {
            case RunMode.New when existing.Count > 0:
                throw new R1GymException($"The run folder '{Path}' already holds {string.Join(", ", existing.Take(5))}{(existing.Count > 5 ? ", ..." : "")}. " +
                    "Pass --resume to continue that run, --overwrite to replace it, or another --output.");
            case RunMode.Overwrite:
                foreach (var name in existing)
                {
                    var entry = System.IO.Path.Combine(Path, name);
                    if (Directory.Exists(entry))
                        Directory.Delete(entry, recursive: true);
                    else
                        File.Delete(entry);
                }
                break;
            case RunMode.Resume:
                CheckSameRun(identity, acceptChanges);
                return;
        }
        DurableFiles.ReplaceAtomically(System.IO.Path.Combine(Path, IdentityFile), JsonSerializer.Serialize(identity, Json));
    }

    private void CheckSameRun(RunIdentity identity, bool acceptChanges)
    {
        var file = System.IO.Path.Combine(Path, IdentityFile);
        if (!File.Exists(file))
        {
            // A run started before run.json existed: adopt what this resume says.
            DurableFiles.ReplaceAtomically(file, JsonSerializer.Serialize(identity, Json));
            return;
        }
        RunIdentity? stored;
        try
        {
            stored = JsonSerializer.Deserialize<RunIdentity>(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new R1GymException($"{file} is damaged ({e.Message}); it records what the run trains on. Restore it, or start a new run with --overwrite.");
        }
        var differences = Differences(stored!, identity);
        if (differences.Count > 0 && !acceptChanges)
            throw new R1GymException($"--resume would continue the run in '{Path}' with {string.Join("; ", differences)}. " +
                "Pass the run's original task, --task-options and --prompt-format, or add --accept-changes to continue with the new ones.");
    }

    /// <summary>"task math/a-v1 -> math/b-v1", one per field that differs.</summary>
    public static IReadOnlyList<string> Differences(RunIdentity before, RunIdentity now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(now);
        var differences = new List<string>();
        void Compare(string name, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
                differences.Add($"{name} {a ?? "(none)"} -> {b ?? "(none)"}");
        }
        Compare("trainer", before.Trainer, now.Trainer);
        Compare("task", before.Task, now.Task);
        if (!JsonNode.DeepEquals(before.TaskOptions, now.TaskOptions))
            differences.Add($"task options {before.TaskOptions?.ToJsonString() ?? "(defaults)"} -> {now.TaskOptions?.ToJsonString() ?? "(defaults)"}");
        Compare("prompt format", before.PromptFormat, now.PromptFormat);
        return differences;
    }

    public void Dispose()
    {
        try
        {
            File.Delete(System.IO.Path.Combine(Path, OwnerFile));
        }
        catch (IOException)
        {
            // The lock below is what counts; a leftover owner note is overwritten by the next holder.
        }
        _lock.Dispose();
    }
}
