using static TorchSharp.torch;

namespace R1Gym.Model.Modeling;

/// <summary>
/// Preallocated keys and values of every layer: [L, 2, B, Hkv, Smax, D], sized to what one generation needs (its rows,
/// prompt + new tokens). Zeroed, because decode steps attend over a bucket of columns whose unwritten tail is masked
/// out, and 0 * NaN would poison the output.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly bool _ownsStorage;
    private Tensor _storage;
    private (Tensor Keys, Tensor Values)[] _layers;

    public KvCache(ModelConfig config, long batch, long maxLength, ScalarType dtype, Device device)
        : this(zeros([config.NumHiddenLayers, 2, batch, config.NumKeyValueHeads, maxLength, config.HeadDim], dtype, device).DetachFromDisposeScope(), true)
    {
    }

    private KvCache(Tensor storage, bool ownsStorage)
    {
        _storage = storage;
        _ownsStorage = ownsStorage;
        _layers = Views(storage);
    }

    public long MaxLength => _storage.shape[4];

    /// <summary>Rows (sequences) the cache holds.</summary>
    public long Batch => _storage.shape[2];

    /// <summary>Views of one layer's keys and values: [B, Hkv, Smax, D] each.</summary>
    public (Tensor Keys, Tensor Values) Layer(int index) => _layers[index];

    /// <summary>A view of rows [start, start + count) of every layer (prefill writes one chunk of prompts at a time).</summary>
    public KvCache Rows(long start, long count) => new(_storage.narrow(2, start, count).DetachFromDisposeScope(), false);

    /// <summary>rows [R] int64: keeps only those rows, in that order (finished sequences stop costing memory and attention).</summary>
    public void KeepRows(Tensor rows)
    {
        if (!_ownsStorage) throw new InvalidOperationException("A row view cannot be compacted.");
        var kept = _storage.index_select(2, rows).DetachFromDisposeScope();               // [L, 2, R, Hkv, Smax, D]
        DisposeViews();
        _storage.Dispose();
        _storage = kept;
        _layers = Views(kept);
    }

    /// <summary>Fills rows [0, P) of every row of this cache from a cache of distinct prompts: row b takes prompt rowOf[b].</summary>
    public void CopyPromptsFrom(KvCache prompts, Tensor rowOf)
    {
        long p = prompts.MaxLength;
        for (int i = 0; i < _layers.Length; i++)
        {
            using var scope = NewDisposeScope();
            var (keys, values) = prompts.Layer(i);                                             // [U, Hkv, P, D]
            _layers[i].Keys.narrow(2, 0, p).copy_(keys.index_select(0, rowOf));                // [B, Hkv, P, D]
            _layers[i].Values.narrow(2, 0, p).copy_(values.index_select(0, rowOf));
        }
    }

    public void Dispose()
    {
        DisposeViews();
        _storage.Dispose();
    }

    private static (Tensor, Tensor)[] Views(Tensor storage)
    {
        var layers = new (Tensor, Tensor)[storage.shape[0]];
        for (int i = 0; i < layers.Length; i++) layers[i] = (storage[i, 0].DetachFromDisposeScope(), storage[i, 1].DetachFromDisposeScope());
        return layers;
    }

    private void DisposeViews()
    {
        foreach (var (k, v) in _layers)
        {
            k.Dispose();
            v.Dispose();
        }
    }
}
