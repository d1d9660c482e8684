import { expect } from 'chai';
import { loadConfig } from '../../../services/runtime/config';

describe('the MQTT client id of an instance', function () {
  it('is the same on every start with the same data directory', function () {
    const env = { NENGTAN_DATA_DIR: '/srv/nengtan-a' };
    expect(loadConfig(env).mqttClientId).to.equal(loadConfig(env).mqttClientId);
  });
  it('differs between data directories', function () {
    const a = loadConfig({ NENGTAN_DATA_DIR: '/srv/nengtan-a' }).mqttClientId;
    const b = loadConfig({ NENGTAN_DATA_DIR: '/srv/nengtan-b' }).mqttClientId;
    expect(a).not.to.equal(b);
  });
  it('does not contain the process id', function () {
    expect(loadConfig({ NENGTAN_DATA_DIR: '/srv/nengtan-a' }).mqttClientId).not.to.include(String(process.pid));
  });
  it('is named by NENGTAN_INSTANCE', function () {
    expect(loadConfig({ NENGTAN_INSTANCE: 'plant-7' }).mqttClientId).to.equal('nengtan-plant-7');
  });
  it('is MQTT_CLIENT_ID when set', function () {
    expect(loadConfig({ NENGTAN_INSTANCE: 'plant-7', MQTT_CLIENT_ID: 'gw-ingest-1' }).mqttClientId).to.equal(
      'gw-ingest-1',
    );
  });
});
