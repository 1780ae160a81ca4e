"""The safetensors format with numpy and json only (no safetensors package), as src/engine/io/safetensors.ts writes
it: u64 little-endian header length, a JSON header padded with spaces to a multiple of 8, tensors in name order."""
import json
import os
import struct

import numpy as np

DTYPES = {"F32": np.float32, "I32": np.int32, "U8": np.uint8, "F64": np.float64}
NAMES = {np.dtype(t): name for name, t in DTYPES.items()}


def encode(tensors, metadata=None):
    """bytes of the file holding `tensors` (name -> numpy array) and string `metadata`."""
    header = {"__metadata__": dict(metadata or {})}
    chunks, offset = [], 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name])
        dtype = NAMES.get(array.dtype)
        if dtype is None:
            raise ValueError(f"tensor '{name}' has unsupported dtype {array.dtype}")
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * ((8 - len(text) % 8) % 8)
    raw = text.encode("utf-8")
    return struct.pack("<Q", len(raw)) + raw + b"".join(chunks)


def decode(buffer, source="buffer"):
    """(tensors, metadata) of a safetensors buffer; errors name the offending tensor."""
    if len(buffer) < 8:
        raise ValueError(f"{source}: too short to be a safetensors file")
    (length,) = struct.unpack("<Q", buffer[:8])
    if length <= 0 or 8 + length > len(buffer):
        raise ValueError(f"{source}: header length {length} does not fit a {len(buffer)}-byte file")
    header = json.loads(bytes(buffer[8 : 8 + length]).decode("utf-8"))
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = DTYPES.get(entry["dtype"])
        if dtype is None:
            raise ValueError(f"{source}: tensor '{name}' has unsupported dtype {entry['dtype']}")
        start, end = entry["data_offsets"]
        count = int(np.prod(entry["shape"], dtype=np.int64))
        if end - start != count * np.dtype(dtype).itemsize or base + end > len(buffer):
            raise ValueError(f"{source}: tensor '{name}' offsets [{start}, {end}] do not match shape {entry['shape']}")
        data = np.frombuffer(buffer, dtype=np.dtype(dtype).newbyteorder("<"), count=count, offset=base + start)
        tensors[name] = data.astype(dtype).reshape(entry["shape"])
    return tensors, header.get("__metadata__", {})


def write_file(path, tensors, metadata=None):
    """Write atomically (temporary sibling, then rename); returns the bytes written."""
    data = encode(tensors, metadata)
    replace_file(path, data)
    return data


def replace_file(path, data):
    """Readers see the old content or the new one, never a part."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temp = f"{path}.tmp-{os.getpid()}"
    with open(temp, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    os.replace(temp, path)


def read_file(path):
    with open(path, "rb") as f:
        return decode(f.read(), path)
