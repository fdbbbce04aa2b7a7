"""Writes the demo checkpoint `make run` opens: a small Lightning-style training checkpoint whose
model was wrapped in DataParallel (so every key starts with `module.`), with an optimizer state,
tied embedding weights and a few dtypes. Run with Debian's /usr/bin/python3 (python3-torch)."""
import collections
import sys

import torch
from torch import nn


class TinyClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(512, 64)
        self.encoder = nn.Sequential(
            nn.Conv1d(64, 128, 3, padding=1), nn.BatchNorm1d(128), nn.ReLU(),
            nn.Conv1d(128, 128, 3, padding=1), nn.BatchNorm1d(128), nn.ReLU())
        self.attention = nn.MultiheadAttention(128, 4, batch_first=True)
        self.norm = nn.LayerNorm(128)
        self.head = nn.Linear(128, 10)
        self.decoder = nn.Linear(64, 512, bias=False)
        self.decoder.weight = self.embed.weight  # tied weights share one storage


def main(out):
    torch.manual_seed(0)
    model = nn.DataParallel(TinyClassifier())
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    loss = sum(p.float().pow(2).mean() for p in model.parameters())
    loss.backward()
    opt.step()
    state = model.state_dict()
    state['module.head.weight'] = state['module.head.weight'].clone()
    checkpoint = collections.OrderedDict(
        epoch=12,
        global_step=4800,
        learning_rate=3e-4,
        state_dict=state,
        optimizer_states=[opt.state_dict()],
        hyper_parameters={'hidden': 128, 'heads': 4, 'dropout': 0.1, 'tags': ['demo', 'statelens']},
        ema_decay=torch.tensor(0.999, dtype=torch.float64),
        class_counts=torch.randint(0, 1000, (10,), dtype=torch.int32),
        calibration=torch.randn(10).half(),
    )
    torch.save(checkpoint, out)


if __name__ == '__main__':
    main(sys.argv[1])
