using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Model.Tokenization;

/// <summary>An added token of tokenizer.json: matched in the text before any other processing.</summary>
internal sealed record AddedToken(int Id, string Content, bool Special);

/// <summary>What R1Gym reads from a Hugging Face tokenizer.json (byte-level BPE only), plus the JSON itself for saving.</summary>
internal sealed record TokenizerSpec(
    JsonObject Json,
    Dictionary<string, int> Vocab,
    List<string> Merges,
    List<AddedToken> Added,
    string Pattern,
    bool Nfc,
    bool IgnoreMerges)
{
    public static TokenizerSpec Parse(JsonObject json, string source)
    {
        var model = json["model"] as JsonObject ?? throw Bad(source, "no 'model' object");
        string type = model["type"]?.GetValue<string>() ?? "BPE";
        if (type != "BPE")
            throw Bad(source, $"model type '{type}'; only byte-level BPE (Qwen2, Llama 3, GPT-2 style) is supported");
        if (model["byte_fallback"]?.GetValue<bool>() == true)
            throw Bad(source, "a SentencePiece-style BPE with byte_fallback; only byte-level BPE is supported");
        var vocab = (model["vocab"] as JsonObject ?? throw Bad(source, "no model.vocab"))
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<int>());
        var merges = new List<string>();
        foreach (var m in model["merges"] as JsonArray ?? [])
        {
            merges.Add(m switch
            {
                JsonArray pair when pair.Count == 2 => pair[0]!.GetValue<string>() + " " + pair[1]!.GetValue<string>(),
                JsonValue s => s.GetValue<string>(),
                _ => throw Bad(source, $"a merge entry '{m?.ToJsonString()}' that is neither \"a b\" nor [\"a\", \"b\"]"),
            });
        }

        var added = (json["added_tokens"] as JsonArray ?? [])
            .Select(t => new AddedToken(t!["id"]!.GetValue<int>(), t["content"]!.GetValue<string>(), t["special"]?.GetValue<bool>() ?? false))
            .ToList();
        return new TokenizerSpec(json, vocab, merges, added, PreTokenizerPattern(json["pre_tokenizer"], source), IsNfc(json["normalizer"], source),
            model["ignore_merges"]?.GetValue<bool>() ?? false);
    }

    private static bool IsNfc(JsonNode? normalizer, string source)
    {
        if (normalizer is null) return false;
        string type = normalizer["type"]!.GetValue<string>();
        if (type == "NFC") return true;
        if (type == "Sequence")
        {
            var parts = normalizer["normalizers"]!.AsArray();
            if (parts.Count == 0) return false;
            if (parts.Count == 1) return IsNfc(parts[0], source);
        }

        throw Bad(source, $"normalizer '{normalizer.ToJsonString()}'; only none or NFC is supported");
    }

    private static string PreTokenizerPattern(JsonNode? pre, string source)
    {
        if (pre is null) throw Bad(source, "no pre_tokenizer; byte-level BPE needs a ByteLevel pre-tokenizer");
        string type = pre["type"]!.GetValue<string>();
        if (type == "ByteLevel")
        {
            CheckByteLevel(pre, source, requireNoRegex: false);
            return ByteLevel.Gpt2Pattern;
        }

        if (type == "Sequence" && pre["pretokenizers"] is JsonArray { Count: 2 } seq && seq[0]!["type"]!.GetValue<string>() == "Split"
            && seq[1]!["type"]!.GetValue<string>() == "ByteLevel")
        {
            var split = seq[0]!;
            if (split["behavior"]?.GetValue<string>() != "Isolated" || split["invert"]?.GetValue<bool>() == true)
                throw Bad(source, "a Split pre-tokenizer other than behavior Isolated, invert false");
            CheckByteLevel(seq[1]!, source, requireNoRegex: true);
            var pattern = split["pattern"]!;
            return pattern["Regex"]?.GetValue<string>()
                ?? System.Text.RegularExpressions.Regex.Escape(pattern["String"]!.GetValue<string>());
        }

        throw Bad(source, $"pre_tokenizer '{pre.ToJsonString()[..Math.Min(200, pre.ToJsonString().Length)]}'; expected ByteLevel or Sequence[Split, ByteLevel]");
    }

    private static void CheckByteLevel(JsonNode byteLevel, string source, bool requireNoRegex)
    {
        if (byteLevel["add_prefix_space"]?.GetValue<bool>() == true)
            throw Bad(source, "ByteLevel add_prefix_space = true, which R1Gym does not support");
        if (requireNoRegex && byteLevel["use_regex"]?.GetValue<bool>() != false)
            throw Bad(source, "a ByteLevel pre-tokenizer with use_regex after a Split; expected use_regex false");
    }

    internal static R1GymException Bad(string source, string what) =>
        new($"Unsupported tokenizer '{source}': found {what}. Pass a Hugging Face tokenizer.json of a byte-level BPE tokenizer.");

    internal static JsonObject ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw Bad(path, "an empty file");
        }
        catch (JsonException e)
        {
            throw new R1GymException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }
}
