using System.Text;

namespace R1Gym.Training;

/// <summary>
/// Writes that survive a kill or a power loss: data is flushed to the disk (fsync) before the rename that publishes it,
/// so a reader sees the old file or the whole new one, never an empty or torn one.
/// </summary>
public static class DurableFiles
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> and flushes it to the disk.</summary>
    public static void WriteAllText(string path, string content)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> through a flushed temporary file and a rename.</summary>
    public static void ReplaceAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="lines"/> (one per line) through a flushed temporary file and a rename.</summary>
    public static void ReplaceLinesAtomically(string path, IEnumerable<string> lines)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            foreach (var line in lines)
                writer.WriteLine(line);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Flushes every file directly in <paramref name="folder"/> to the disk.</summary>
    public static void SyncFolder(string folder)
    {
        foreach (var file in Directory.GetFiles(folder))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
    }
}
