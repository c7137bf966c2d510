using System.Globalization;
using System.Text;
using System.Text.Json;

namespace R1Gym.Training;

/// <summary>
/// One JSON object per line: <c>{"step": 3, "reward/total": 0.41, ...}</c>. Lines are flushed as written, so a killed
/// run keeps every finished step; reopening for a resumed run drops the lines after the checkpoint's step first, through a
/// flushed temporary file and a rename (a kill during the rewrite leaves the old file whole).
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    /// <param name="path">The JSONL file; created with its folder when missing.</param>
    /// <param name="resumeAfterStep">Keep existing lines up to this step (a resumed run); null starts a fresh file.</param>
    public MetricsLog(string path, int? resumeAfterStep = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        if (resumeAfterStep is { } last && File.Exists(Path))
            DurableFiles.ReplaceLinesAtomically(Path, Read(Path).Where(r => r.Step <= last).Select(r => r.Line).ToList());
        _stream = new FileStream(Path, resumeAfterStep is null ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(_stream, new UTF8Encoding(false));
    }

    public string Path { get; }

    /// <summary>Writes one step's metrics (non-finite values are written as null).</summary>
    public void Write(int step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("step", step);
            foreach (var (name, value) in metrics)
            {
                if (double.IsFinite(value))
                    json.WriteNumber(name, double.Parse(value.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)); // 7 significant digits: a 1e-7 learning rate stays visible
                else
                    json.WriteNull(name);
            }
            json.WriteEndObject();
        }
        _writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        _writer.Flush();
    }

    /// <summary>Flushes the written lines to the disk (before a checkpoint that a resume will pair with them).</summary>
    public void Sync()
    {
        _writer.Flush();
        _stream.Flush(flushToDisk: true);
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Reads a metrics file back: per line the step and its numeric values (nulls skipped).</summary>
    public static IReadOnlyList<MetricsRow> Load(string path) =>
        Read(path).Select(r => new MetricsRow(r.Step, r.Values)).ToList();

    private static IEnumerable<(int Step, Dictionary<string, double> Values, string Line)> Read(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            Dictionary<string, double> values = new(StringComparer.Ordinal);
            int step;
            try
            {
                using var doc = JsonDocument.Parse(line);
                step = doc.RootElement.GetProperty("step").GetInt32();
                foreach (var p in doc.RootElement.EnumerateObject())
                    if (p.Name != "step" && p.Value.ValueKind == JsonValueKind.Number)
                        values[p.Name] = p.Value.GetDouble();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // A run killed mid-write can leave a torn last line; it carries nothing worth keeping.
                continue;
            }
            yield return (step, values, line);
        }
    }
}

/// <summary>One line of a metrics file.</summary>
public sealed record MetricsRow(int Step, IReadOnlyDictionary<string, double> Values)
{
    public double? this[string name] => Values.TryGetValue(name, out var v) ? v : null;

    public override string ToString() =>
        $"step {Step}: " + string.Join(", ", Values.Select(kv => $"{kv.Key}={kv.Value.ToString("0.###", CultureInfo.InvariantCulture)}"));
}
