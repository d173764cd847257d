# A GStreamer RTSP server for RtspStreamSourceTest: serves one video file at rtsp://127.0.0.1:<port>/video,
# decoded and sent as RTP/JPEG at the file's own rate. Usage: rtsp_server.py VIDEO PORT (0 picks a free port).
# Prints "listening <port>", then "client connected" / "client closed" per client; exits 3 with "missing: ..."
# when GStreamer's RTSP server or a needed element is not installed.
import sys

try:
    import gi
    gi.require_version('Gst', '1.0')
    gi.require_version('GstRtspServer', '1.0')
    from gi.repository import GLib, Gst, GstRtspServer
except (ImportError, ValueError) as e:
    print('missing: ' + str(e), flush=True)
    sys.exit(3)

Gst.init(None)
needed = ['filesrc', 'decodebin', 'videoconvert', 'jpegenc', 'rtpjpegpay']
missing = [n for n in needed if Gst.ElementFactory.find(n) is None]
if missing:
    print('missing: GStreamer elements ' + ' '.join(missing), flush=True)
    sys.exit(3)

video, port = sys.argv[1], sys.argv[2]
server = GstRtspServer.RTSPServer()
server.set_address('127.0.0.1')
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch('( filesrc location="%s" ! decodebin ! videoconvert ! jpegenc quality=90 '
                   '! rtpjpegpay name=pay0 pt=26 )' % video.replace('"', ''))
server.get_mount_points().add_factory('/video', factory)


def on_client(srv, client):
    print('client connected', flush=True)
    client.connect('closed', lambda c: print('client closed', flush=True))


server.connect('client-connected', on_client)
if server.attach(None) == 0:
    print('cannot listen on 127.0.0.1:' + port, flush=True)
    sys.exit(2)
print('listening %d' % server.get_bound_port(), flush=True)
GLib.MainLoop().run()
