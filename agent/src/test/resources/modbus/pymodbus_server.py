"""A Modbus TCP server with known contents, for the agent's integration tests (pymodbus 3.0).

Usage: python3 pymodbus_server.py PORT

Addresses are 0-based protocol addresses. Holding and input registers 0-299 hold the same layout, except register 1
(54321 in holding, 11111 in input registers); reading at 300 and above is an illegal data address. Values are packed
with Python's struct, independently of the Java codec:

  0      int16   -1234
  1      uint16  54321 (holding) / 11111 (input)
  2-3    int32   -123456789          big word order
  4-5    uint32  3000000000          big word order
  6-7    float32 21.5                big word order
  8-11   float64 -1234.5678          big word order
  12-13  float32 21.5                little word order
  14     uint16  0x1234              little byte order
  15-18  string  "ABCDEFG"           7 characters, NUL padded
  19     uint16  215                 (21.5 with scale 0.1)
  20-21  int32   -123456789          little word order
  22-25  float64 -1234.5678          little byte and word order
  200-201 uint32 123456              big word order (far from the others: a second request)

Coils 0-99: address % 3 == 0 is on. Discrete inputs 0-99: odd addresses are on. Everything is writable.
"""
import asyncio
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer


def words(data, word_order="big", byte_order="big"):
    registers = [data[i:i + 2] for i in range(0, len(data), 2)]
    if byte_order == "little":
        registers = [r[::-1] for r in registers]
    if word_order == "little":
        registers.reverse()
    return [int.from_bytes(r, "big") for r in registers]


def registers(second):
    values = [0] * 300
    def put(address, regs):
        values[address:address + len(regs)] = regs
    put(0, words(struct.pack(">h", -1234)))
    put(1, [second])
    put(2, words(struct.pack(">i", -123456789)))
    put(4, words(struct.pack(">I", 3000000000)))
    put(6, words(struct.pack(">f", 21.5)))
    put(8, words(struct.pack(">d", -1234.5678)))
    put(12, words(struct.pack(">f", 21.5), word_order="little"))
    put(14, words(struct.pack(">H", 0x1234), byte_order="little"))
    put(15, words(b"ABCDEFG\0"))
    put(19, [215])
    put(20, words(struct.pack(">i", -123456789), word_order="little"))
    put(22, words(struct.pack(">d", -1234.5678), word_order="little", byte_order="little"))
    put(200, words(struct.pack(">I", 123456)))
    return values


async def main(port):
    slave = ModbusSlaveContext(
        hr=ModbusSequentialDataBlock(0, registers(54321)),
        ir=ModbusSequentialDataBlock(0, registers(11111)),
        co=ModbusSequentialDataBlock(0, [i % 3 == 0 for i in range(100)]),
        di=ModbusSequentialDataBlock(0, [i % 2 == 1 for i in range(100)]),
        zero_mode=True,
    )
    context = ModbusServerContext(slaves=slave, single=True)
    print("serving on port", port, flush=True)
    await StartAsyncTcpServer(context=context, address=("127.0.0.1", port), allow_reuse_address=True)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
