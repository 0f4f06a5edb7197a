"""Endpoints for bench/run's -L forwarding benchmark.

  fwd.py sink PORT          accept one connection on 127.0.0.1:PORT, read it to EOF, print the byte count
  fwd.py source PORT SIZE   connect to 127.0.0.1:PORT, send SIZE zero bytes, half-close, wait for the peer's close
"""
import socket
import sys

CHUNK = 1 << 20


def sink(port):
    with socket.create_server(("127.0.0.1", port)) as srv:
        srv.settimeout(120)
        conn, _ = srv.accept()
        with conn:
            conn.settimeout(120)
            n = 0
            while True:
                b = conn.recv(CHUNK)
                if not b:
                    break
                n += len(b)
    print(n)


def source(port, size):
    buf = bytes(CHUNK)
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        left = size
        while left > 0:
            k = min(left, CHUNK)
            s.sendall(buf[:k] if k < CHUNK else buf)
            left -= k
        s.shutdown(socket.SHUT_WR)
        while s.recv(CHUNK):
            pass


if __name__ == "__main__":
    if sys.argv[1] == "sink":
        sink(int(sys.argv[2]))
    else:
        source(int(sys.argv[2]), int(sys.argv[3]))
