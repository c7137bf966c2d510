using R1Gym.Abstractions;
using R1Gym.Model;

namespace R1Gym.Cli;

/// <summary>
/// Checks every command runs before it starts work: numbers within what can be allocated, output paths that can be
/// written. Each failure is an <see cref="R1GymException"/> naming the option, what was found and how to fix it.
/// </summary>
internal static class CliChecks
{
    /// <summary>Free space an output folder needs before a command starts writing into it.</summary>
    internal const long MinFreeBytes = 16L << 20;

    /// <summary>Refuses <paramref name="value"/> outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int Range(int value, string option, int min, int max)
    {
        if (value < min || value > max)
            throw new R1GymException($"{option} must lie in [{min}, {max}], found {value}.{(value > max ? " Ask for less (a larger request cannot be allocated)." : "")}");
        return value;
    }

    /// <summary>
    /// Refuses a generation whose key/value cache would not fit: more tokens than the model has positions, or a cache
    /// larger than the memory this process may use (checked on the CPU, where it is known).
    /// </summary>
    public static void Generation(ModelConfig config, int sequences, long tokensPerSequence, bool onCpu, int bytesPerElement)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (tokensPerSequence > config.MaxPositionEmbeddings)
            throw new R1GymException($"prompt plus --max-new-tokens is {tokensPerSequence} tokens, more than the model's max_position_embeddings ({config.MaxPositionEmbeddings}). Ask for fewer new tokens.");
        double cache = 2.0 * config.NumHiddenLayers * sequences * config.NumKeyValueHeads * config.HeadDim * tokensPerSequence * bytesPerElement;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (onCpu && available > 0 && cache > available)
            throw new R1GymException($"{sequences} sequences of {tokensPerSequence} tokens need a {cache / (1L << 30):0.0} GiB key/value cache; this machine has {available / (1L << 30):0.0} GiB. Ask for fewer samples or tokens.");
    }

    /// <summary>
    /// Checks, before any work, that <paramref name="path"/> can become a folder the command writes into: it is not a
    /// file, its nearest existing ancestor is a writable folder, and that disk has room. Returns the full path.
    /// </summary>
    public static string OutputFolder(string path, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
            throw new R1GymException($"{option} '{full}' is a file; expected a folder. Pass a folder path, or move the file away.");
        CheckWritable(NearestExisting(full, option), full, option);
        return full;
    }

    /// <summary>Checks that <paramref name="path"/> can be written as a file (not a folder; its folder writable, with room). Returns the full path.</summary>
    public static string OutputFile(string path, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new R1GymException($"{option} '{full}' is a folder; expected a file path. Pass a file name, for example {Path.Combine(full, "out.jsonl")}.");
        CheckWritable(NearestExisting(Path.GetDirectoryName(full)!, option), full, option);
        return full;
    }

    private static string NearestExisting(string folder, string option)
    {
        for (var current = folder; current is not null; current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(current))
                return current;
            if (File.Exists(current))
                throw new R1GymException($"{option} '{folder}' lies under '{current}', which is a file, not a folder. Choose another path.");
        }
        throw new R1GymException($"{option} '{folder}' has no existing parent folder. Choose another path.");
    }

    private static void CheckWritable(string folder, string target, string option)
    {
        var probe = Path.Combine(folder, $".r1gym-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new R1GymException($"{option} '{target}' cannot be written: '{folder}' is read-only or not accessible ({e.Message}). Choose a writable path.");
        }
        long free;
        try
        {
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return; // the free space is unknown (some container filesystems); the write check above passed
        }
        if (free < MinFreeBytes)
            throw new R1GymException($"{option} '{target}': the disk holding '{folder}' has {free / 1024} KiB free, less than {MinFreeBytes >> 20} MiB. Free some space, or choose a path on another disk.");
    }
}
