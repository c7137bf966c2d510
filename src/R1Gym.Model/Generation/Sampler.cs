using static TorchSharp.torch;

namespace R1Gym.Model;

/// <summary>One sampling step: temperature, top-k, top-p, then a draw; log-probs come from the raw logits.</summary>
internal static class Sampler
{
    /// <summary>logits [B, V] -> (token [B] int64, log-prob of that token under log_softmax(logits) [B] float32).</summary>
    public static (Tensor Token, Tensor LogProb) Sample(Tensor logits, SamplingOptions options, TorchSharp.torch.Generator? generator)
    {
        var scores = logits.to(ScalarType.Float32);                                                    // [B, V]
        var logp = scores.log_softmax(-1);                                                             // [B, V]
        Tensor token;
        if (options.Temperature <= 0)
        {
            token = scores.argmax(-1);                                                                 // [B]
        }
        else
        {
            bool filtered = options.TopK > 0 || options.TopP < 1;
            Tensor probs;
            if (!filtered && options.Temperature == 1f)
            {
                probs = logp.exp();                                                                    // [B, V]
            }
            else
            {
                var scaled = options.Temperature == 1f ? scores : scores / options.Temperature;        // [B, V]
                if (options.TopK > 0 && options.TopK < scores.shape[^1])
                {
                    var kth = scaled.topk(options.TopK, -1).Item1.narrow(-1, options.TopK - 1, 1);     // [B, 1]
                    scaled = scaled.masked_fill(scaled < kth, float.NegativeInfinity);
                }

                probs = scaled.softmax(-1);                                                            // [B, V]
                if (options.TopP < 1)
                {
                    var (sorted, order) = probs.sort(-1, descending: true);                             // [B, V] each
                    // Drop a token when the mass before it already reaches top_p (the top token always stays).
                    var drop = (sorted.cumsum(-1) - sorted) >= options.TopP;
                    probs = zeros_like(probs).scatter_(-1, order, sorted.masked_fill(drop, 0));
                }
            }

            token = probs.multinomial(1, generator: generator).squeeze(-1);                          // [B]
        }

        return (token, logp.gather(-1, token.unsqueeze(-1)).squeeze(-1));
    }
}
