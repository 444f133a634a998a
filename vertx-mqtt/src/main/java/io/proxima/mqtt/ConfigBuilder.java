package io.proxima.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A mutable copy of an {@link MqttConfig}, used by {@link MqttTransport}'s setters only. */
final class ConfigBuilder {
  @Nullable URI brokerUrl;
  List<URI> brokerUrls;
  @Nullable URI advertisedBrokerUrl;
  @Nullable String clientId;
  @Nullable String username;
  @Nullable String password;
  MqttTls tls;
  Duration keepAlive;
  Duration connectTimeout;
  Duration ackTimeout;
  Duration setupTimeout;
  Duration sendTimeout;
  Duration sessionTimeout;
  int maxMessageSize;
  MqttQos qos;
  int inFlightWindow;
  SubscriptionStrategy subscriptionStrategy;
  ReconnectPolicy reconnect;
  int inboundCapacity;
  int identifyCapacity;
  boolean releaseDuringConsent;

  ConfigBuilder(MqttConfig c) {
    brokerUrl = c.brokerUrl();
    brokerUrls = c.brokerUrls();
    advertisedBrokerUrl = c.advertisedBrokerUrl();
    clientId = c.clientId();
    username = c.username();
    password = c.password();
    tls = c.tls();
    keepAlive = c.keepAlive();
    connectTimeout = c.connectTimeout();
    ackTimeout = c.ackTimeout();
    setupTimeout = c.setupTimeout();
    sendTimeout = c.sendTimeout();
    sessionTimeout = c.sessionTimeout();
    maxMessageSize = c.maxMessageSize();
    qos = c.qos();
    inFlightWindow = c.inFlightWindow();
    subscriptionStrategy = c.subscriptionStrategy();
    reconnect = c.reconnect();
    inboundCapacity = c.inboundCapacity();
    identifyCapacity = c.identifyCapacity();
    releaseDuringConsent = c.releaseDuringConsent();
  }

  MqttConfig build() {
    return new MqttConfig(
        brokerUrl,
        brokerUrls,
        advertisedBrokerUrl,
        clientId,
        username,
        password,
        tls,
        keepAlive,
        connectTimeout,
        ackTimeout,
        setupTimeout,
        sendTimeout,
        sessionTimeout,
        maxMessageSize,
        qos,
        inFlightWindow,
        subscriptionStrategy,
        reconnect,
        inboundCapacity,
        identifyCapacity,
        releaseDuringConsent);
  }
}
