#!/usr/bin/env python3
"""Regenerates the parity fixtures of R1Gym.Model.Tests where torch, transformers and tokenizers are installed.

    python3 make_fixtures.py --baseline path/to/hf_baseline.py --out DIR

Models: random Qwen2-family weights built by hf_baseline.py's `build` (the script the issue names) on
two very small shapes, saved by `save_pretrained` in fp32, with hf_baseline's own reference file and
full fp32 logits for a right-padded and a left-padded batch (positions = cumsum(mask) - 1, as generation uses).
Tokenizers: byte-level BPE tokenizers trained with `tokenizers` in the Qwen2 and Llama 3 layouts, with the
encodings of a list of probe strings, so the C# tokenizer can be checked id for id.
"""
import argparse, importlib.util, json, os

import torch

SHAPES = {
    # untied embeddings, theta 1e4
    "fixture-untied": dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                           num_key_value_heads=2, vocab_size=128, tie_word_embeddings=False, rope_theta=10000.0),
    # tied embeddings, theta 1e6 (the Qwen2.5 value), no grouping (kv heads == heads)
    "fixture-tied": dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2,
                         num_key_value_heads=2, vocab_size=96, tie_word_embeddings=True, rope_theta=1000000.0),
}

QWEN2_PATTERN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
LLAMA3_PATTERN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""

CORPUS = [
    "The quick brown fox jumps over the lazy dog. It's 2026 and we're testing tokenizers!",
    "def add(a, b):\n    return a + b\n\nprint(add(12345, 678))\n",
    "<think>\nLet me compute 17 * 23 = 391. I'll check: 391 / 17 = 23.\n</think>\n<answer>391</answer>",
    "Ünïcödé tëxt: café, naïve, 日本語のテキスト, Ελληνικά, emoji 🙂🚀, and tabs\tand  double  spaces.",
    "Numbers 3.14159, 1,000,000 and -42; SHOUTING, don't, can't, I've, you'll, she'd.",
    "A conversation between User and Assistant. The user asks a question, and the Assistant solves it.",
] * 20

PROBES = [
    "Hello world",
    "It's 2026 and we're testing tokenizers!",
    "def add(a, b):\n    return a + b\n",
    "<|im_start|>user\nWhat is 17 * 23?<|im_end|>\n<|im_start|>assistant\n<think>\n",
    "café naïve 日本語 🙂🚀 unseen ǅ ₿ characters",
    "   leading spaces and trailing   ",
    "line\r\nbreaks\n\n\nand\ttabs",
    "1234567890 3.14159 -42",
    "</think> <answer>391</answer><|endoftext|>",
    "",
]


def load_baseline(path):
    spec = importlib.util.spec_from_file_location("hf_baseline", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def export_model(hb, shape, out, seed):
    hb.SHAPES[shape] = SHAPES[shape]
    cfg, model = hb.build(shape, torch.float32, "cpu", seed)
    model.eval()
    d = os.path.join(out, shape)
    hb.export(model, cfg, d)  # save_pretrained + reference_logits.json (first 8 logits per position)
    v = cfg.vocab_size
    ids = torch.tensor([[(5 * i + 1) % v for i in range(10)],
                        [(11 * i + 2) % v for i in range(10)]])
    masks = {"right": torch.tensor([[1] * 10, [1] * 7 + [0] * 3]),
             "left": torch.tensor([[1] * 10, [0] * 4 + [1] * 6])}
    cases = []
    with torch.inference_mode():
        for name, mask in masks.items():
            pos = (mask.cumsum(-1) - 1).clamp(min=0)
            logits = model(input_ids=ids, attention_mask=mask, position_ids=pos).logits.float()
            cases.append({"name": name, "input_ids": ids.tolist(), "attention_mask": mask.tolist(),
                          "logits": logits.tolist()})
    with open(os.path.join(d, "full_logits.json"), "w") as f:
        json.dump({"dtype": "float32", "cases": cases}, f)


def export_tokenizer(kind, out):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, decoders, trainers, Regex, AddedToken
    tok = Tokenizer(models.BPE(ignore_merges=(kind == "llama3")))
    if kind == "qwen2":
        tok.normalizer = normalizers.NFC()
    pattern = QWEN2_PATTERN if kind == "qwen2" else LLAMA3_PATTERN
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(pattern), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    trainer = trainers.BpeTrainer(vocab_size=420, special_tokens=specials, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(CORPUS, trainer=trainer)
    tok.add_tokens([AddedToken("<think>", normalized=False), AddedToken("</think>", normalized=False)])
    d = os.path.join(out, "tokenizer-" + kind)
    os.makedirs(d, exist_ok=True)
    tok.save(os.path.join(d, "tokenizer.json"))
    cases = []
    for text in PROBES:
        enc = tok.encode(text, add_special_tokens=False)
        cases.append({"text": text, "ids": enc.ids, "tokens": enc.tokens,
                      "decoded": tok.decode(enc.ids, skip_special_tokens=False)})
    with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizers": __import__("tokenizers").__version__, "cases": cases}, f, ensure_ascii=False)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--baseline", required=True, help="path of shared/bench/hf_baseline.py")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    hb = load_baseline(a.baseline)
    for shape in SHAPES:
        export_model(hb, shape, a.out, a.seed)
    for kind in ("qwen2", "llama3"):
        export_tokenizer(kind, a.out)
    print(json.dumps({"exported": sorted(os.listdir(a.out))}))


if __name__ == "__main__":
    main()
