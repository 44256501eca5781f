with src as (
    select file_row_number + 1 as source_row_number, order_id as order_id_raw, product_id as product_id_raw,
           quantity as quantity_raw, unit_price as unit_price_raw,
           nullif(trim(order_id::varchar, e' \t\n\r'), '') as order_id,
           nullif(trim(product_id::varchar, e' \t\n\r'), '') as product_id,
           nullif(trim(quantity::varchar, e' \t\n\r'), '') as quantity_text,
           nullif(trim(unit_price::varchar, e' \t\n\r'), '') as unit_price_text
    from read_parquet('{raw_dir}/order_items.parquet', file_row_number = true)
),
typed as (
    select *,
           case when regexp_full_match(quantity_text, '[+-]?[0-9]{1,9}') then quantity_text::integer
                when q = floor(q) and abs(q) < 2147483648 then q::integer end as quantity,
           try_cast(round(try_cast(unit_price_text as decimal(38, 18)), 2) as decimal(18, 2)) as unit_price
    from (select *, case when regexp_full_match(quantity_text, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?')
                         then try_cast(quantity_text as decimal(38, 18)) end as q from src)
),
file as (
    select 'order_items.parquet (' || size || ' bytes, modified '
           || strftime(last_modified, '%Y-%m-%dT%H:%M:%S.%f') || ')' as source_file
    from read_blob('{raw_dir}/order_items.parquet')
)
select source_row_number, file.source_file,
       'reporting_timezone=UTC; csat_scale_max=5; ces_scale_max=7' as parse_settings,
       nullif(order_id_raw, order_id) as order_id_raw, nullif(product_id_raw, product_id) as product_id_raw,
       case when quantity_raw = quantity::varchar then null else quantity_raw end as quantity_raw,
       case when unit_price_raw = unit_price::varchar then null else unit_price_raw end as unit_price_raw,
       order_id, product_id, quantity, unit_price,
       case
           when order_id is null then 'missing_value: order_id'
           when product_id is null then 'missing_value: product_id'
           when quantity_text is null then 'missing_value: quantity'
           when quantity is null then 'invalid_value: quantity'
           when unit_price_text is null then 'missing_value: unit_price'
           when unit_price is null then 'invalid_value: unit_price'
           when quantity <= 0 then 'out_of_domain: quantity'
           when unit_price < 0 then 'out_of_domain: unit_price'
       end as check_reason
from typed, file
