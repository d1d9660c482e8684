-- The delivery points of a supplier contract (a PPA or direct line delivers to given meters): its kWh then apply only
-- to the consumption of these meters (services/accounting/computeInventory.ts). A contract without rows here covers
-- all purchased electricity of the organisation, as before.
create table energy_contract_meters (
  contract_id uuid not null references energy_contracts (id) on delete cascade,
  meter_id uuid not null references meters (id),
  primary key (contract_id, meter_id)
);

create index energy_contract_meters_meter on energy_contract_meters (meter_id);
