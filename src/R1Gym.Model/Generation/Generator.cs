using R1Gym.Abstractions;
using R1Gym.Model.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model;

/// <summary>
/// Batched sampling with a preallocated KV cache sized to the run (rows x (prompt + new tokens)). Prompts are left-padded
/// so every sequence writes its next token into the same cache column. Repeated prompts (GRPO's G samples of one
/// problem) are prefilled once and their keys and values copied to each row. A decode step attends over the columns
/// written so far, rounded up to a bucket of <see cref="AttentionBucket"/> columns. EOS and stop sequences are checked
/// on the host every <see cref="SamplingOptions.CheckEvery"/> steps (one copy of the new tokens), which ends the run
/// early and drops finished rows from the batch once enough have finished, so they stop costing.
/// </summary>
public static class Generator
{
    /// <summary>Decode attention widths are multiples of this many cache columns (few distinct shapes, little waste).</summary>
    internal const int AttentionBucket = 64;

    /// <summary>Finished rows are dropped once the running batch would shrink to this fraction or less.</summary>
    private const double CompactBelow = 0.75;

    public static GenerationResult Generate(CausalLM model, ITextTokenizer tokenizer, IReadOnlyList<IReadOnlyList<int>> prompts, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (prompts.Count == 0) return new GenerationResult([], [], []);
        var bad = prompts.Select((p, i) => (p, i)).Where(x => x.p is null || x.p.Count == 0).Select(x => x.i).ToList();
        if (bad.Count > 0)
            throw new R1GymException($"Prompts {string.Join(", ", bad.Take(5))} are empty; every prompt needs at least one token.");
        int vocab = model.Config.VocabSize;
        if (prompts.SelectMany(p => p).Any(id => id < 0 || id >= vocab))
            throw new R1GymException($"A prompt holds a token id outside [0, {vocab}); the tokenizer does not match the model.");
        if (options.RowLimits is { } limits && limits.Count != prompts.Count)
            throw new R1GymException($"RowLimits must hold one limit per prompt ({prompts.Count}), found {limits.Count}.");

        var eosIds = new HashSet<int>();
        if (!options.IgnoreEos) eosIds.Add(tokenizer.EosId);
        if (!options.IgnoreEos && model.Config.EosTokenId is int configEos) eosIds.Add(configEos);
        bool check = eosIds.Count > 0 || options.StopSequences.Count > 0 || options.RowLimits is not null;
        int batch = prompts.Count, promptLength = prompts.Max(p => p.Count), maxNew = options.MaxNewTokens;
        var device = model.Device;
        var tracker = new FinishTracker(tokenizer, eosIds, options.StopSequences, batch, maxNew, options.RowLimits);
        // TorchSharp 0.107 builds every Generator on the CPU, which CUDA kernels reject: on CUDA the device's default
        // generator is seeded instead (same seed => same samples, as long as nothing else draws from it meanwhile).
        TorchSharp.torch.Generator? generator = null;
        if (device.type == DeviceType.CUDA)
            cuda.manual_seed(options.Seed);
        else
            generator = new TorchSharp.torch.Generator((ulong)options.Seed, device);

        using var grad = no_grad();
        using var outer = NewDisposeScope();
        using var cache = new KvCache(model.Config, batch, promptLength + maxNew, model.DType, device);
        var (distinct, rowOfHost) = PromptPrefill.Group(prompts, options.SharePrompts);
        var (ids, keep) = LeftPad(distinct, promptLength, tokenizer.PadId, device);                      // [U, P] each
        var rowOf = distinct.Count == batch ? null : tensor(rowOfHost.Select(i => (long)i).ToArray()).to(device); // [B]
        var padded = distinct.Select(p => p.Count < promptLength).ToArray();
        var logits = PromptPrefill.Run(model, ids, keep, padded, cache, rowOf);                          // [B, V]
        if (rowOf is not null) keep = keep.index_select(0, rowOf);                                        // [B, P]
        var keyValid = cat([keep, zeros(batch, maxNew, ScalarType.Bool, device)], 1);                    // [B, P+N]
        var tokens = zeros(batch, maxNew, ScalarType.Int64, device);                                    // [B, N]
        var logProbs = zeros(batch, maxNew, ScalarType.Float32, device);                                // [B, N]
        var position = keep.to(ScalarType.Int64).sum(1, keepdim: true) - 1;                             // [B, 1]
        // Running rows -> their rows in the result; null while no row has been dropped.
        int[] live = Enumerable.Range(0, batch).ToArray();
        Tensor? liveRows = null;                                                                        // [A] int64

        int written = 0;
        for (int step = 0; step < maxNew; step++)
        {
            using (var scope = NewDisposeScope())
            {
                var (next, logProb) = Sampler.Sample(logits, options, generator);                         // [A], [A]
                if (liveRows is null)
                {
                    tokens.select(1, step).copy_(next);
                    logProbs.select(1, step).copy_(logProb);
                }
                else
                {
                    tokens.select(1, step).index_copy_(0, liveRows, next);
                    logProbs.select(1, step).index_copy_(0, liveRows, logProb);
                }

                written = step + 1;
                if (step + 1 < maxNew)
                {
                    position.add_(1);
                    long start = promptLength + step;
                    keyValid.select(1, start).fill_(true);
                    long width = Math.Min(promptLength + maxNew, (start + AttentionBucket) / AttentionBucket * AttentionBucket);
                    var stepMask = keyValid.narrow(1, 0, width).unsqueeze(1).unsqueeze(1);                 // [A, 1, 1, W]
                    var hidden = model.Hidden(next.view(live.Length, 1), position, new AttentionInputs(stepMask, cache, start, 0), start + 1); // [A, 1, H]
                    var nextLogits = model.Logits(hidden.select(1, 0));                                 // [A, V]
                    logits.Dispose();
                    logits = nextLogits.MoveToOuterDisposeScope();
                }
            }

            if (check && written % options.CheckEvery == 0 && written < maxNew)
            {
                if (tracker.Update(tokens.narrow(1, 0, written))) break;
                var running = Enumerable.Range(0, live.Length).Where(i => !tracker.IsFinished(live[i])).ToArray();
                if (options.CompactFinished && running.Length <= live.Length * CompactBelow)
                {
                    // Drop the finished rows: the cache, positions, masks and logits keep only the running ones.
                    using var index = tensor(running.Select(i => (long)i).ToArray()).to(device);         // [A']
                    cache.KeepRows(index);
                    Keep(ref logits, index);
                    Keep(ref position, index);
                    Keep(ref keyValid, index);
                    live = running.Select(i => live[i]).ToArray();
                    liveRows?.Dispose();
                    liveRows = tensor(live.Select(i => (long)i).ToArray()).to(device);
                }
            }
        }

        tracker.Update(tokens.narrow(1, 0, written));
        return tracker.Result(logProbs.narrow(1, 0, written).cpu().data<float>().ToArray(), written);
    }

    private static void Keep(ref Tensor t, Tensor rows)
    {
        var kept = t.index_select(0, rows);
        t.Dispose();
        t = kept;
    }

    private static (Tensor Ids, Tensor Keep) LeftPad(IReadOnlyList<IReadOnlyList<int>> prompts, int length, int pad, Device device)
    {
        var ids = new long[prompts.Count * length];
        var keep = new bool[prompts.Count * length];
        for (int b = 0; b < prompts.Count; b++)
        {
            int offset = length - prompts[b].Count;
            for (int i = 0; i < length; i++)
            {
                bool real = i >= offset;
                ids[b * length + i] = real ? prompts[b][i - offset] : pad;
                keep[b * length + i] = real;
            }
        }

        return (tensor(ids, [prompts.Count, length]).to(device), tensor(keep, [prompts.Count, length]).to(device));
    }
}
