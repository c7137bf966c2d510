using R1Gym.Abstractions;
using R1Gym.Model.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model;

/// <summary>
/// Batched sampling with a preallocated KV cache. Prompts are left-padded so every sequence writes its next token
/// into the same cache column; every decode step attends over the whole preallocated cache (unwritten columns masked),
/// so shapes never change, and a step is one forward pass and one sample with no host synchronisation. EOS and stop sequences are checked on the host every
/// <see cref="SamplingOptions.CheckEvery"/> steps (one copy of the new tokens), which also ends the run early.
/// </summary>
public static class Generator
{
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

        var eosIds = new HashSet<int>();
        if (!options.IgnoreEos) eosIds.Add(tokenizer.EosId);
        if (!options.IgnoreEos && model.Config.EosTokenId is int configEos) eosIds.Add(configEos);
        bool check = eosIds.Count > 0 || options.StopSequences.Count > 0;
        int batch = prompts.Count, promptLength = prompts.Max(p => p.Count), maxNew = options.MaxNewTokens;
        var device = model.Device;
        var tracker = new FinishTracker(tokenizer, eosIds, options.StopSequences, batch, maxNew);
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
        var (ids, keep) = LeftPad(prompts, promptLength, tokenizer.PadId, device);                         // [B, P] each
        // Decode steps attend over the whole cache (fixed shapes: no per-step reallocation); each step opens its own column.
        var keyValid = cat([keep, zeros(batch, maxNew, ScalarType.Bool, device)], 1);                    // [B, P+N]
        var stepMask = keyValid.view(batch, 1, 1, promptLength + maxNew);                               // [B, 1, 1, P+N]
        var tokens = zeros(batch, maxNew, ScalarType.Int64, device);                                    // [B, N]
        var logProbs = zeros(batch, maxNew, ScalarType.Float32, device);                                // [B, N]
        var position = keep.to(ScalarType.Int64).sum(1, keepdim: true) - 1;                             // [B, 1]
        var logits = Prefill(model, ids, keep, keyValid, cache, promptLength);                           // [B, V]

        int written = 0;
        for (int step = 0; step < maxNew; step++)
        {
            using (var scope = NewDisposeScope())
            {
                var (next, logProb) = Sampler.Sample(logits, options, generator);                         // [B], [B]
                tokens.select(1, step).copy_(next);
                logProbs.select(1, step).copy_(logProb);
                written = step + 1;
                if (step + 1 < maxNew)
                {
                    position.add_(1);
                    long start = promptLength + step;
                    keyValid.select(1, start).fill_(true);
                    var hidden = model.Hidden(next.view(batch, 1), position, new AttentionInputs(stepMask, cache, start, 0), start + 1); // [B, 1, H]
                    var nextLogits = model.Logits(hidden.select(1, 0));                                 // [B, V]
                    logits.Dispose();
                    logits = nextLogits.MoveToOuterDisposeScope();
                }
            }

            if (check && written % options.CheckEvery == 0 && written < maxNew && tracker.Update(tokens.narrow(1, 0, written)))
                break;
        }

        tracker.Update(tokens.narrow(1, 0, written));
        return tracker.Result(logProbs.narrow(1, 0, written).cpu().data<float>().ToArray(), written);
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

    /// <summary>Runs the prompts through the model, filling the cache; returns the logits of the last column [B, V].</summary>
    private static Tensor Prefill(CausalLM model, Tensor ids, Tensor keep, Tensor keyValid, KvCache cache, long promptLength)
    {
        using var scope = NewDisposeScope();
        long b = ids.shape[0], t = promptLength;
        int rep = model.Config.NumAttentionHeads / model.Config.NumKeyValueHeads;
        var positions = (keep.to(ScalarType.Int64).cumsum(1) - 1).clamp_min(0);                          // [B, P]
        var causal = ones(t, t, ScalarType.Bool, ids.device).tril();                                      // [P, P]
        var mask = (causal & keyValid.narrow(1, 0, t).view(b, 1, 1, t)) | eye(t, dtype: ScalarType.Bool, device: ids.device); // [B, 1, P, P]
        // Grouped-query layout: the rep query heads of a group are stacked as rows, so the mask repeats rep times.
        var folded = mask.unsqueeze(2).expand(b, 1, rep, t, t).reshape(b, 1, rep * t, t);               // [B, 1, rep*P, P]
        var hidden = model.Hidden(ids, positions, new AttentionInputs(folded, cache, 0, 0), t);           // [B, P, H]
        return model.Logits(hidden.select(1, t - 1)).MoveToOuterDisposeScope();                           // [B, V]
    }
}
