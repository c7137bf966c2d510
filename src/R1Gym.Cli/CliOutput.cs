using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace R1Gym.Cli;

/// <summary>Output helpers shared by every command: results on stdout, diagnostics through ILogger on stderr.</summary>
internal static class CliOutput
{
    /// <summary>
    /// snake_case property names (anonymous objects written with snake_case names stay as they are),
    /// enums as snake_case strings, nulls omitted, non-ASCII text unescaped.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes <paramref name="value"/> as one JSON document on stdout.</summary>
    public static void WriteJson(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Console.Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), JsonOptions));
    }

    /// <summary>Writes rows as an aligned plain-text table (no colours, so output can be piped).</summary>
    public static void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        Console.Out.WriteLine(Row(headers, widths));
        foreach (var row in all)
            Console.Out.WriteLine(Row(row, widths));
    }

    private static string Row(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
