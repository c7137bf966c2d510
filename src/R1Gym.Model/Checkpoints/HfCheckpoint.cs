using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using static TorchSharp.torch;

namespace R1Gym.Model.Checkpoints;

/// <summary>A Hugging Face model folder's weights: model.safetensors, or shards listed by model.safetensors.index.json.</summary>
internal static class HfCheckpoint
{
    internal const string SingleFile = "model.safetensors";
    internal const string IndexFile = "model.safetensors.index.json";

    /// <summary>Largest shard written; transformers' default is 5 GB, 2 GiB keeps every tensor read in one array.</summary>
    internal const long MaxShardBytes = 2L << 30;

    /// <summary>Reads every weight of a model folder onto the CPU (stored dtype).</summary>
    public static Dictionary<string, Tensor> ReadAll(string dir)
    {
        string single = Path.Combine(dir, SingleFile), index = Path.Combine(dir, IndexFile);
        if (File.Exists(single)) return SafeTensors.Read(single);
        if (!File.Exists(index))
            throw new R1GymException($"No weights in '{dir}': expected {SingleFile} or {IndexFile} (PyTorch .bin checkpoints are not supported; re-save with safe_serialization=True).");
        var map = JsonFields.Object(JsonFields.ReadObject(index, "a safetensors index { \"weight_map\": { name: shard file } }"), "weight_map", index)
            ?? throw new R1GymException($"'{index}' has no weight_map; expected {{ \"weight_map\": {{ tensor name: shard file }} }}.");
        var shards = map.Select(p => JsonFields.String(p.Value, $"weight_map[\"{p.Key}\"]", index) ?? throw JsonFields.Wrong(index, $"weight_map[\"{p.Key}\"]", "a shard file name", null))
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (string shard in shards)
            if (shard.Length == 0 || Path.IsPathRooted(shard) || shard.Contains("..", StringComparison.Ordinal) || shard.IndexOfAny(['/', '\\']) >= 0)
                throw JsonFields.Wrong(index, "weight_map", "shard file names in the model folder", JsonValue.Create(shard));

        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (string shard in shards)
                foreach (var (name, tensor) in SafeTensors.Read(Path.Combine(dir, shard))) result[name] = tensor;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }

        return result;
    }

    /// <summary>Writes the weights, sharded with an index when they exceed <see cref="MaxShardBytes"/>.</summary>
    public static void WriteAll(string dir, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, long maxShardBytes = MaxShardBytes)
    {
        Directory.CreateDirectory(dir);
        var shards = new List<List<KeyValuePair<string, Tensor>>> { new() };
        long current = 0, total = 0;
        foreach (var entry in tensors)
        {
            long size = entry.Value.numel() * SafeTensors.ElementSize(entry.Value.dtype);
            if (current > 0 && current + size > maxShardBytes)
            {
                shards.Add(new());
                current = 0;
            }

            shards[^1].Add(entry);
            current += size;
            total += size;
        }

        foreach (string stale in Directory.EnumerateFiles(dir, "model*.safetensors*")) File.Delete(stale);
        if (shards.Count == 1)
        {
            SafeTensors.Write(Path.Combine(dir, SingleFile), shards[0]);
            return;
        }

        var weightMap = new JsonObject();
        for (int i = 0; i < shards.Count; i++)
        {
            string name = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            SafeTensors.Write(Path.Combine(dir, name), shards[i]);
            foreach (var (tensor, _) in shards[i]) weightMap[tensor] = name;
        }

        var indexJson = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = weightMap };
        File.WriteAllText(Path.Combine(dir, IndexFile), indexJson.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
