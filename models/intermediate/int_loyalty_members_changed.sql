{#- The log of membership changes an incremental int_member_orders
    recomputes from, beside int_customers_purchases_changed (docs/decisions.md,
    "Daily runs"). Members are a snapshot source read whole by every build,
    like subscriptions (int_customers_subscriptions_changed): each build
    hashes every customer's staged memberships (program, enrolment and
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

{% if compares_keys -%}
member_rows as (
    select
        members.customer_id,
        {{ dbt.concat([
            "members.program",
            "'|'",
            dbt.cast('members.enrolled_date', string_type),
            "'|'",
            "coalesce(" ~ dbt.cast('members.cancelled_date', string_type) ~ ", 'open')",
        ]) }} as membership
    from members
),

counted as (
    select
        member_rows.customer_id,
        count(*) as memberships,
        min(member_rows.membership) as first_membership
    from member_rows
    group by member_rows.customer_id
),

current_keys as (
    {#- A hash of each customer's memberships in text order. Most customers
        have one, whose text needs no ordered aggregate: DuckDB sorts every
        group of one (0.3 s at 1 M customers, against 0.1 s this way). -#}
    select
        counted.customer_id,
        md5(counted.first_membership) as members_key
    from counted
    where counted.memberships = 1

    union all

    select
        member_rows.customer_id,
        md5({{ dbt.listagg('member_rows.membership', "','", 'order by member_rows.membership') }}) as members_key
    from member_rows
    inner join counted
        on member_rows.customer_id = counted.customer_id
    where counted.memberships > 1
    group by member_rows.customer_id
),
{%- else %}
current_keys as (
    {#- Only an incremental build compares the hashes with the last ones. -#}
    select
        members.customer_id,
        cast(null as {{ string_type }}) as members_key
    from members
    group by members.customer_id
),
{%- endif %}

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
