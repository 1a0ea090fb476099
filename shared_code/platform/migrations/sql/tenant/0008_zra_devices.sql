-- ZRA Smart Invoice: the organization's VSDC device and the items registered with it.
-- The VSDC's address and the device serial are kept encrypted (AES-GCM under the data key);
-- the TPIN and branch id are printed on every invoice and stay readable.
-- The answer to initialisation is stored before anything is done with it: ZRA issues a
-- device's identity once, and a second initialisation answers 902 with no data.

CREATE TABLE zra_devices (
    branch_id           text PRIMARY KEY CHECK (branch_id ~ '^[0-9]{3}$'),
    tpin                text NOT NULL CHECK (tpin ~ '^[0-9]{10}$'),
    connection          bytea NOT NULL,
    updated_by          uuid NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    init_response       jsonb,
    sdc_id              text,
    mrc_no              text,
    initialised_at      timestamptz,
    initialised_by      uuid,
    CHECK ((initialised_at IS NULL) = (sdc_id IS NULL))
);

-- An organization has one device in this version (its sales branch); more branches later.
CREATE UNIQUE INDEX zra_devices_one_branch ON zra_devices ((true));

CREATE TABLE zra_items (
    item_id        uuid PRIMARY KEY,
    item_code      text NOT NULL,
    fingerprint    text NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- ZRA's standard codes (selectCodes), kept per organization: the rates of the tax types and
-- levies (`userDfnCd1`) fill the saveSales header buckets. Refreshed from the bookmark ZRA
-- returned last (`resultDt`, sent back as `lastReqDt`).
CREATE TABLE zra_codes (
    code_class  text NOT NULL CHECK (length(code_class) BETWEEN 1 AND 10),
    code        text NOT NULL CHECK (length(code) BETWEEN 1 AND 50),
    body        jsonb NOT NULL,
    PRIMARY KEY (code_class, code)
);

CREATE TABLE zra_sync_bookmarks (
    endpoint      text PRIMARY KEY,
    last_request  text NOT NULL CHECK (last_request ~ '^[0-9]{14}$'),
    synced_at     timestamptz NOT NULL
);
