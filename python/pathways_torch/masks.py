"""Mask sets in the engine's safetensors form (src/engine/prune/mask-set.ts): U8 per tensor ('u8') or bit-packed
least significant bit first ('bitpacked'), the shapes as JSON in the metadata under format 'pathways-mask-set'."""
import json

import numpy as np

FORMAT = "pathways-mask-set"


def to_safetensors(masks, encoding="bitpacked"):
    """(tensors, metadata) of name -> 0/1 array."""
    tensors = {}
    for name, mask in masks.items():
        bits = (np.asarray(mask) > 0).astype(np.uint8)
        tensors[name] = bits if encoding == "u8" else np.packbits(bits.reshape(-1), bitorder="little")
    shapes = json.dumps({name: list(np.shape(m)) for name, m in masks.items()}, separators=(",", ":"))
    return tensors, {"format": FORMAT, "encoding": encoding, "shapes": shapes}


def from_safetensors(tensors, metadata, source):
    """name -> uint8 0/1 array, shaped."""
    if metadata.get("format") != FORMAT:
        raise ValueError(f"{source}: not a mask set (format '{metadata.get('format')}')")
    encoding = metadata.get("encoding")
    if encoding not in ("u8", "bitpacked"):
        raise ValueError(f"{source}: unknown mask encoding '{encoding}'")
    shapes = json.loads(metadata["shapes"])
    masks = {}
    for name, data in tensors.items():
        if name not in shapes:
            raise ValueError(f"{source}: tensor '{name}' has no shape in the metadata")
        if data.dtype != np.uint8:
            raise ValueError(f"{source}: tensor '{name}' has dtype {data.dtype}, expected U8")
        count = int(np.prod(shapes[name], dtype=np.int64))
        if encoding == "u8":
            masks[name] = data.reshape(shapes[name])
        else:
            if len(data) != -(-count // 8):
                raise ValueError(f"{source}: tensor '{name}' holds {len(data)} bytes for {count} bits")
            masks[name] = np.unpackbits(data, count=count, bitorder="little").reshape(shapes[name])
    return masks
