using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header (name -> dtype, shape,
/// data_offsets; optional __metadata__), then the raw little-endian tensor bytes.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>Reads every tensor of one .safetensors file onto the CPU, in the stored dtype.</summary>
    /// <exception cref="R1GymException">The file is missing, or its header is malformed or does not match its size.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new R1GymException($"Safetensors file not found: '{path}'.");
        using var stream = File.OpenRead(path);
        var entries = ReadHeader(stream, path);
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var entry in entries)
            {
                var bytes = new byte[entry.Bytes];
                stream.Position = entry.Begin;
                stream.ReadExactly(bytes);
                var tensor = empty(entry.Shape, entry.DType, CPU);
                tensor.bytes = bytes;
                result[entry.Name] = tensor;
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }

        return result;
    }

    /// <summary>One tensor of a header, checked: its bytes lie inside the file and match dtype x shape.</summary>
    internal sealed record HeaderEntry(string Name, ScalarType DType, long[] Shape, long Begin, long Bytes);

    /// <summary>
    /// Parses and checks the header of <paramref name="stream"/> (positioned at 0): every size, offset, dtype and shape,
    /// with overflow-checked arithmetic, before any tensor is allocated. Returns absolute file offsets.
    /// </summary>
    internal static List<HeaderEntry> ReadHeader(Stream stream, string path)
    {
        const string fix = " Re-save the weights (safetensors' save_file, or `r1gym model create`), or restore the file from its source.";
        if (stream.Length < 8)
            throw new R1GymException($"'{path}' is not a safetensors file: it is {stream.Length} bytes long, shorter than the 8-byte header length." + fix);
        var lengthBytes = new byte[8];
        stream.ReadExactly(lengthBytes);
        long headerLength = BitConverter.ToInt64(lengthBytes);
        if (headerLength <= 1 || headerLength > MaxHeaderBytes || headerLength > stream.Length - 8)
            throw new R1GymException($"'{path}' is not a safetensors file: header length {headerLength} is out of range (2 to {Math.Min(MaxHeaderBytes, stream.Length - 8)} bytes for this file)." + fix);
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            // Strict UTF-8 first: System.Text.Json decodes property names lazily and would fail later, outside this try.
            header = JsonNode.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes)) as JsonObject
                ?? throw new R1GymException($"'{path}' has a malformed safetensors header: it is not a JSON object." + fix);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new R1GymException($"'{path}' has a malformed safetensors header: {e.Message}" + fix, e);
        }

        long dataStart = 8 + headerLength, dataLength = stream.Length - dataStart;
        var entries = new List<HeaderEntry>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            string field = $"tensor '{name}'";
            var entry = node as JsonObject ?? throw JsonFields.Wrong(path, field, "an object with dtype, shape and data_offsets", node);
            var dtypeName = JsonFields.String(entry, "dtype", path) ?? throw JsonFields.Wrong(path, field + ".dtype", "a dtype name such as F32", null);
            ScalarType dtype = ParseDType(dtypeName, path, name);
            var shapeJson = JsonFields.Array(entry, "shape", path) ?? throw JsonFields.Wrong(path, field + ".shape", "an array of dimensions", null);
            if (shapeJson.Count > 8)
                throw JsonFields.Wrong(path, field + ".shape", "at most 8 dimensions", shapeJson);
            long[] shape = shapeJson.Select(d => JsonFields.RequiredLong(d, field + ".shape", path, 0, int.MaxValue)).ToArray();
            var offsets = JsonFields.Array(entry, "data_offsets", path);
            if (offsets is not { Count: 2 })
                throw JsonFields.Wrong(path, field + ".data_offsets", "[begin, end]", offsets);
            long begin = JsonFields.RequiredLong(offsets[0], field + ".data_offsets", path, 0, dataLength);
            long end = JsonFields.RequiredLong(offsets[1], field + ".data_offsets", path, begin, dataLength);
            long expected;
            try
            {
                expected = checked(shape.Aggregate(1L, (a, b) => a * b) * ElementSize(dtype));
            }
            catch (OverflowException)
            {
                throw new R1GymException($"'{path}': tensor '{name}' has shape [{string.Join(", ", shape)}], too many elements to count." + fix);
            }
            if (end - begin != expected)
                throw new R1GymException($"'{path}': tensor '{name}' has {end - begin} bytes at [{begin}, {end}), but dtype {dtypeName} and shape [{string.Join(", ", shape)}] need {expected}." + fix);
            if (expected > Array.MaxLength)
                throw new R1GymException($"'{path}': tensor '{name}' is {expected} bytes; R1Gym reads tensors of at most {Array.MaxLength} bytes. Save the checkpoint in smaller shards or a smaller dtype.");
            entries.Add(new HeaderEntry(name, dtype, shape, dataStart + begin, expected));
        }

        return entries;
    }

    /// <summary>Writes tensors (any device; copied to CPU) to one .safetensors file, in the given order.</summary>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new JsonObject();
        var meta = new JsonObject { ["format"] = "pt" };
        if (metadata != null)
            foreach (var (k, v) in metadata) meta[k] = v;
        header["__metadata__"] = meta;
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            long size = tensor.numel() * ElementSize(tensor.dtype);
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeName(tensor.dtype),
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8; // keeps tensor data 8-byte aligned, as the reference writer does
        string temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            stream.Write(BitConverter.GetBytes((long)padded));
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var (_, tensor) in tensors)
            {
                using var scope = NewDisposeScope();
                var cpu = tensor.detach().to(CPU).contiguous();
                stream.Write(cpu.bytes);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    internal static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new R1GymException($"Tensor dtype {dtype} cannot be stored in safetensors by R1Gym."),
    };

    private static ScalarType ParseDType(string name, string path, string tensor) => name switch
    {
        "F64" => ScalarType.Float64,
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new R1GymException($"'{path}': tensor '{tensor}' has unsupported dtype '{name}'. Expected F32, F16, BF16 or an integer type."),
    };

    private static string DTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new R1GymException($"Tensor dtype {dtype} cannot be stored in safetensors."),
    };
}
