using R1Gym.Model.Modeling;
using static TorchSharp.torch;

namespace R1Gym.Model;

/// <summary>
/// The prompt pass of a generation: each distinct prompt is run through the model once (GRPO samples G completions of
/// every prompt), in chunks of rows so the activations stay bounded, and its keys and values are copied to every row
/// that samples it.
/// </summary>
internal static class PromptPrefill
{
    /// <summary>Prompt tokens per prefill chunk: bounds one layer's activations (about 30 KB per token at the 0.5B shape).</summary>
    private const long ChunkTokens = 65_536;

    /// <summary>Distinct prompts in first-seen order, and for each row the index of its prompt.</summary>
    public static (List<IReadOnlyList<int>> Distinct, int[] RowOf) Group(IReadOnlyList<IReadOnlyList<int>> prompts, bool share)
    {
        var distinct = new List<IReadOnlyList<int>>();
        var rowOf = new int[prompts.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int b = 0; b < prompts.Count; b++)
        {
            string key = share ? string.Join(',', prompts[b]) : b.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!seen.TryGetValue(key, out int index))
            {
                index = distinct.Count;
                seen[key] = index;
                distinct.Add(prompts[b]);
            }

            rowOf[b] = index;
        }

        return (distinct, rowOf);
    }

    /// <summary>
    /// Fills cache columns [0, P) of every row and returns the logits of each row's last prompt token [B, V].
    /// ids, keep: the distinct prompts, left-padded, [U, P]; rowOf: [B] int64 prompt index per row, or null when U = B.
    /// </summary>
    public static Tensor Run(CausalLM model, Tensor ids, Tensor keep, bool[] padded, KvCache cache, Tensor? rowOf)
    {
        using var scope = NewDisposeScope();
        long u = ids.shape[0], p = ids.shape[1];
        using var distinctCache = rowOf is null ? null : new KvCache(model.Config, u, p, model.DType, model.Device);
        var target = distinctCache ?? cache;
        long rows = Math.Max(1, ChunkTokens / p);
        var last = new List<Tensor>();
        for (long r0 = 0; r0 < u; r0 += rows)
        {
            long n = Math.Min(rows, u - r0);
            using var chunkScope = NewDisposeScope();
            using var view = target.Rows(r0, n);
            var chunkIds = ids.narrow(0, r0, n);                                                      // [n, P]
            var chunkKeep = keep.narrow(0, r0, n);                                                    // [n, P]
            var positions = (chunkKeep.to(ScalarType.Int64).cumsum(1) - 1).clamp_min(0);             // [n, P]
            Tensor? mask = null;                                                                      // null: plain causal (no padding)
            if (padded.Skip((int)r0).Take((int)n).Any(x => x))
            {
                var causal = ones(p, p, ScalarType.Bool, ids.device).tril();                          // [P, P]
                // Padding queries attend to themselves only, so no row is empty (an empty row gives NaN).
                mask = (causal & chunkKeep.view(n, 1, 1, p)) | eye(p, dtype: ScalarType.Bool, device: ids.device); // [n, 1, P, P]
            }

            var hidden = model.Hidden(chunkIds, positions, new AttentionInputs(mask, view, 0, 0), p);  // [n, P, H]
            last.Add(model.Logits(hidden.select(1, p - 1)).MoveToOuterDisposeScope());                // [n, V]
        }

        var logits = last.Count == 1 ? last[0] : cat(last, 0);                                        // [U, V]
        if (rowOf is null) return logits.MoveToOuterDisposeScope();
        cache.CopyPromptsFrom(distinctCache!, rowOf);
        return logits.index_select(0, rowOf).MoveToOuterDisposeScope();                                // [B, V]
    }
}
