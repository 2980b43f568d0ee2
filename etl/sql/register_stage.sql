-- Scratch copies of the register tables, each row pointing back to its spreadsheet row (src_row).
CREATE UNLOGGED TABLE register_stage.council (src_row int, LIKE register.council INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE register_stage.status_history (
    src_row int, council_id text, status text, from_date date, note text);
CREATE UNLOGGED TABLE register_stage.territory (src_row int, council_id text, commune_code text, via_epci text);
CREATE UNLOGGED TABLE register_stage.funding (
    src_row int, council_id text, source text, year int, amount_eur numeric(12, 2));
CREATE UNLOGGED TABLE register_stage.contact (
    src_row int, council_id text, name text, email text, phone text, role text);
