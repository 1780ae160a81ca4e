"""PyTorch runner of Pathways Studio: the engine's RNN-T model, losses, optimizer and checkpoint format."""
