using System.Text;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Model.Tokenization;

namespace R1Gym.Model;

/// <summary>Loads Hugging Face tokenizers and trains small ones for models trained from scratch.</summary>
public static class TextTokenizer
{
    /// <summary>The end-of-text token every trained tokenizer has (EOS and padding).</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Loads a tokenizer.json (a file, or a folder holding one; tokenizer_config.json beside it names EOS/PAD/BOS).</summary>
    public static ITextTokenizer Load(string pathOrDir)
    {
        ArgumentNullException.ThrowIfNull(pathOrDir);
        string file = Directory.Exists(pathOrDir) ? Path.Combine(pathOrDir, "tokenizer.json") : pathOrDir;
        if (!File.Exists(file))
            throw new R1GymException($"Tokenizer not found: expected a tokenizer.json at '{file}'. Pass a Hugging Face model folder or a tokenizer.json file.");
        var spec = TokenizerSpec.Parse(TokenizerSpec.ReadJson(file), file);
        string? eos = null, pad = null, bos = null;
        string configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "tokenizer_config.json");
        if (File.Exists(configPath))
        {
            var config = TokenizerSpec.ReadJson(configPath);
            eos = TokenName(config, "eos_token", configPath);
            pad = TokenName(config, "pad_token", configPath);
            bos = TokenName(config, "bos_token", configPath);
        }

        return new ByteLevelBpeTokenizer(spec, eos, pad, bos, file);
    }

    /// <summary>
    /// A character-level tokenizer for models trained from scratch, as a standard byte-level BPE tokenizer.json:
    /// the 256 bytes (ids 0-255, so any text encodes), one merged token for every non-ASCII character of the corpus
    /// (so each character seen is one token), then <see cref="EndOfText"/> (EOS and PAD) and the given special tokens.
    /// </summary>
    public static ITextTokenizer TrainCharLevel(IEnumerable<string> corpus, IEnumerable<string> specialTokens)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(specialTokens);
        var vocab = new JsonObject();
        var ids = new Dictionary<string, int>();
        for (int b = 0; b < 256; b++) Add(ByteLevel.ByteToChar[b].ToString());
        var merges = new JsonArray();
        var runes = new SortedSet<int>();
        foreach (string text in corpus)
        {
            if (text is null) continue;
            foreach (var rune in text.EnumerateRunes())
                if (rune.Value >= 0x80) runes.Add(rune.Value);
        }

        var buffer = new byte[4];
        foreach (int value in runes)
        {
            int length = new Rune(value).EncodeToUtf8(buffer);
            string merged = ByteLevel.ByteToChar[buffer[0]].ToString();
            for (int i = 1; i < length; i++)
            {
                string next = ByteLevel.ByteToChar[buffer[i]].ToString();
                if (!ids.ContainsKey(merged + next))
                {
                    merges.Add(new JsonArray(merged, next));
                    Add(merged + next);
                }

                merged += next;
            }
        }

        var added = new JsonArray();
        var specials = new[] { EndOfText }.Concat(specialTokens).Where(s => !string.IsNullOrEmpty(s)).Distinct().ToList();
        int nextId = ids.Count;
        foreach (string s in specials)
        {
            added.Add(new JsonObject
            {
                ["id"] = nextId++, ["content"] = s, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = false, ["special"] = s == EndOfText,
            });
        }

        var json = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = ByteLevel.Qwen2Pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
            },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = merges,
            },
        };
        return new ByteLevelBpeTokenizer(TokenizerSpec.Parse(json, "char-level"), EndOfText, EndOfText, null, "char-level");

        void Add(string token)
        {
            ids[token] = ids.Count;
            vocab[token] = ids[token];
        }
    }

    /// <summary>The vocabulary string of an id (byte-level form, e.g. "Ġworld"); other tokenizers give the decoded text.</summary>
    public static string IdToToken(this ITextTokenizer tokenizer, int id)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return tokenizer is ByteLevelBpeTokenizer bpe ? bpe.IdToToken(id) : tokenizer.Decode([id]);
    }

    private static string? TokenName(JsonObject config, string field, string source) => config[field] switch
    {
        null => null,
        JsonObject o => JsonFields.String(o, "content", source),
        var node => JsonFields.String(node, field, source),
    };
}
