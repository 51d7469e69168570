"""A TCP proxy in front of the database whose network can hang.

Hung, it stops relaying in both directions and connects nobody new, yet its kernel keeps
accepting and acknowledging: to the client the server looks alive and silent, which is what
a stalled route or a frozen server looks like, and what TCP keepalives cannot detect."""

from __future__ import annotations

import select
import socket
import threading
import time


class HangingProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self._upstream = (upstream_host, upstream_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._flowing = threading.Event()
        self._flowing.set()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    def close(self) -> None:
        self._closed.set()
        self._flowing.set()
        self._listener.close()
        for sock in self._sockets:
            sock.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        self._flowing.wait()
        if self._closed.is_set():
            return
        try:
            upstream = socket.create_connection(self._upstream)
        except OSError:
            client.close()
            return
        self._sockets.append(upstream)
        peers = {client: upstream, upstream: client}
        try:
            while not self._closed.is_set():
                if not self._flowing.is_set():
                    time.sleep(0.02)
                    continue
                readable, _, _ = select.select(list(peers), [], [], 0.1)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    peers[source].sendall(data)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()
