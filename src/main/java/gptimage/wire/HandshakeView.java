package gptimage.wire;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A socket's TLS handshake, seen as an {@link SSLEngine} that asks for the "HTTPS" host check: for
 * handing to the JDK's trust manager the one decision {@link HostIdentity} leaves to it (a wildcard
 * name, where whether the chain ends at one of the JDK's public roots matters). It only answers
 * what a trust manager asks: the handshake session and the parameters; it moves no bytes.
 */
final class HandshakeView extends SSLEngine {
  private final SSLSocket socket;

  HandshakeView(SSLSocket socket) {
    super(
        socket.getHandshakeSession() == null ? null : socket.getHandshakeSession().getPeerHost(),
        socket.getPort());
    this.socket = socket;
  }

  @Override
  public SSLSession getHandshakeSession() {
    return socket.getHandshakeSession();
  }

  @Override
  public SSLParameters getSSLParameters() {
    SSLParameters p = socket.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    return p;
  }

  private static UnsupportedOperationException notAnEngine() {
    return new UnsupportedOperationException("a view of a socket's handshake, not an engine");
  }

  @Override
  public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
    throw notAnEngine();
  }

  @Override
  public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) {
    throw notAnEngine();
  }

  @Override
  public Runnable getDelegatedTask() {
    return null;
  }

  @Override
  public void closeInbound() {
    throw notAnEngine();
  }

  @Override
  public boolean isInboundDone() {
    return false;
  }

  @Override
  public void closeOutbound() {
    throw notAnEngine();
  }

  @Override
  public boolean isOutboundDone() {
    return false;
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return socket.getSupportedCipherSuites();
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return socket.getEnabledCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    throw notAnEngine();
  }

  @Override
  public String[] getSupportedProtocols() {
    return socket.getSupportedProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return socket.getEnabledProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    throw notAnEngine();
  }

  @Override
  public SSLSession getSession() {
    return socket.getHandshakeSession();
  }

  @Override
  public void beginHandshake() {
    throw notAnEngine();
  }

  @Override
  public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
    return SSLEngineResult.HandshakeStatus.NEED_UNWRAP;
  }

  @Override
  public void setUseClientMode(boolean mode) {
    throw notAnEngine();
  }

  @Override
  public boolean getUseClientMode() {
    return true;
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    throw notAnEngine();
  }

  @Override
  public boolean getNeedClientAuth() {
    return false;
  }

  @Override
  public void setWantClientAuth(boolean want) {
    throw notAnEngine();
  }

  @Override
  public boolean getWantClientAuth() {
    return false;
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {
    throw notAnEngine();
  }

  @Override
  public boolean getEnableSessionCreation() {
    return true;
  }
}
