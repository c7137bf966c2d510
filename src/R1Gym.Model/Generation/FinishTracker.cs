using static TorchSharp.torch;

namespace R1Gym.Model;

/// <summary>Host-side end-of-sequence bookkeeping: where each sequence stops (EOS or stop text) and why.</summary>
internal sealed class FinishTracker
{
    private readonly ITextTokenizer _tokenizer;
    private readonly HashSet<int> _eos;
    private readonly IReadOnlyList<string> _stops;
    private readonly int[] _length;      // tokens kept, once finished
    private readonly IReadOnlyList<int>? _limits; // per-row new-token budgets (benchmarks of mixed lengths), or null
    private readonly string?[] _reason;
    private readonly int[] _scanned;     // columns already searched for EOS
    private long[] _host = [];
    private int _columns;

    public FinishTracker(ITextTokenizer tokenizer, HashSet<int> eos, IReadOnlyList<string> stops, int batch, int maxNew, IReadOnlyList<int>? limits = null)
    {
        _limits = limits;
        _tokenizer = tokenizer;
        _eos = eos;
        _stops = stops;
        _length = new int[batch];
        _reason = new string?[batch];
        _scanned = new int[batch];
    }

    /// <summary>Reads the tokens generated so far ([B, n], one device-to-host copy); true when every sequence has finished.</summary>
    public bool Update(Tensor tokens)
    {
        _columns = (int)tokens.shape[1];
        _host = tokens.cpu().data<long>().ToArray();
        bool all = true;
        for (int b = 0; b < _reason.Length; b++)
        {
            if (_reason[b] is null) Check(b);
            all &= _reason[b] is not null;
        }

        return all;
    }

    /// <summary>Whether row b has finished (as of the last <see cref="Update"/>).</summary>
    public bool IsFinished(int b) => _reason[b] is not null;

    public GenerationResult Result(float[] logProbs, int columns)
    {
        int batch = _reason.Length;
        var tokens = new int[batch][];
        var lps = new float[batch][];
        var reasons = new string[batch];
        for (int b = 0; b < batch; b++)
        {
            int n = _reason[b] is null ? columns : _length[b];
            tokens[b] = Enumerable.Range(0, n).Select(i => (int)_host[b * _columns + i]).ToArray();
            lps[b] = Enumerable.Range(0, n).Select(i => logProbs[b * columns + i]).ToArray();
            reasons[b] = _reason[b] ?? "length";
        }

        return new GenerationResult(tokens, lps, reasons);
    }

    private void Check(int b)
    {
        int row = b * _columns;
        int eosAt = -1;
        // Columns before _scanned[b] held no EOS at the last update: long completions are not rescanned from the start.
        for (int i = _scanned[b]; i < _columns && _eos.Count > 0; i++)
        {
            if (_eos.Contains((int)_host[row + i]))
            {
                eosAt = i;
                break;
            }
        }

        _scanned[b] = _columns;

        int limit = eosAt >= 0 ? eosAt : _columns;
        if (_stops.Count > 0 && limit > 0)
        {
            var ids = Enumerable.Range(0, limit).Select(i => (int)_host[row + i]).ToArray();
            if (_stops.Any(_tokenizer.Decode(ids).Contains))
            {
                // The shortest prefix whose text holds a stop sequence.
                for (int n = 1; n <= limit; n++)
                {
                    string text = _tokenizer.Decode(ids.Take(n));
                    if (_stops.Any(s => text.Contains(s, StringComparison.Ordinal)))
                    {
                        _length[b] = n;
                        _reason[b] = "stop";
                        return;
                    }
                }
            }
        }

        if (eosAt >= 0)
        {
            _length[b] = eosAt + 1;
            _reason[b] = "eos";
        }
        else if (_limits is not null && _columns >= _limits[b])
        {
            _length[b] = _limits[b];
            _reason[b] = "length";
        }
    }
}
