{#- The log of membership changes an incremental int_member_orders
    recomputes from, beside int_customers_purchases_changed (docs/decisions.md,
    "Daily runs"). Members are a snapshot source read whole by every build,
    like subscriptions (int_customers_subscriptions_changed): each build
    hashes every customer's staged membership (program, enrolment and
    cancellation days, the columns member orders read) and logs the
    customers whose hash differs from the one logged last for them, with the
    new hash (null: no membership any more). Its own row (no customer) holds
    a hash of the rules member orders apply: each program's earns_points,
    each tier's points per currency unit and the tier bands; other rules
    than those of the last computation recompute every member. A full build
    logs every member. -#}
{{ config(
    enabled=loyalty.using('loyalty'),
    materialized=loyalty.checked_rows_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
) }}
{%- set string_type = dbt.type_string() | lower %}
{%- set compares_keys = loyalty.checked_rows_materialization() == 'incremental' %}

with

members as (
    select * from {{ ref('stg_loyalty__loyalty_members') }}
),

programs as (
    select * from {{ ref('int_loyalty_programs') }}
),

tiers as (
    select * from {{ ref('stg_loyalty__loyalty_tiers') }}
),

current_keys as (
    {#- A staged customer holds at most one membership (customer_id is the
        source's key), so its hash is the hash of that row's values. -#}
    select
        members.customer_id,
        {%- if compares_keys %}
        md5({{ dbt.concat([
            "members.program",
            "'|'",
            dbt.cast('members.enrolled_date', string_type),
            "'|'",
            "coalesce(" ~ dbt.cast('members.cancelled_date', string_type) ~ ", 'open')",
        ]) }}) as members_key
        {%- else %}
        {#- Only an incremental build compares the hashes with the last ones. #}
        cast(null as {{ string_type }}) as members_key
        {%- endif %}
    from members
),

{% if is_incremental() %}
logged as (
    select * from {{ this }}
),

logged_in_order as (
    select
        logged.customer_id,
        logged.members_key,
        row_number() over (partition by logged.customer_id order by logged.logged_at desc) as recency
    from logged
    where logged.customer_id is not null
),

latest_logged as (
    {#- Each customer's hash as logged last (a customer is logged once per
        build, so no two rows tie). -#}
    select
        logged_in_order.customer_id,
        logged_in_order.members_key
    from logged_in_order
    where logged_in_order.recency = 1
),

changed as (
    select
        coalesce(current_keys.customer_id, latest_logged.customer_id) as customer_id,
        current_keys.members_key
    from current_keys
    full outer join latest_logged
        on current_keys.customer_id = latest_logged.customer_id
    where coalesce(current_keys.members_key, 'none') <> coalesce(latest_logged.members_key, 'none')
),
{% else %}
changed as (
    select * from current_keys
),
{% endif %}

final as (
    select
        cast(null as {{ string_type }}) as customer_id,
        cast(null as {{ string_type }}) as members_key,
        {%- if compares_keys %}
        md5({{ dbt.concat([
            "coalesce((select " ~ dbt.listagg(
                dbt.concat(["programs.program", "':'", "case when programs.earns_points then 'earns' else 'none' end"]),
                "','", "order by programs.program") ~ " from programs), '')",
            "'|'",
            "coalesce((select " ~ dbt.listagg(
                dbt.concat(["tiers.tier_name", "':'", dbt.cast('tiers.points_per_currency_unit', string_type)]),
                "','", "order by tiers.tier_name") ~ " from tiers), '')",
            "'|'",
            "coalesce(" ~ loyalty.tier_bands_key(ref('int_tier_bands')) ~ ", '')",
        ]) }}) as rules_key,
        {%- else %}
        cast(null as {{ string_type }}) as rules_key,
        {%- endif %}
        {{ loyalty.run_timestamp() }} as logged_at

    union all

    select
        changed.customer_id,
        changed.members_key,
        cast(null as {{ string_type }}) as rules_key,
        {{ loyalty.run_timestamp() }} as logged_at
    from changed
)

select * from final
