{#- The tier configuration (docs/metrics.md section 9), typed. A row that
    breaks a rule stops the build with a message naming the file, the row (by
    its tier) and the column: the checks run first, on the same typed rows the model
    publishes. -#}
{%- set tiers_source = loyalty.config_source('loyalty_tiers') -%}
{%- set typed_rows -%}
    select
        tiers.*,
        {{ loyalty.parse_integer('tiers.tier_rank_text') }} as tier_rank,
        {{ loyalty.parse_money('tiers.min_qualifying_spend_text') }} as min_qualifying_spend,
        {{ loyalty.parse_number('tiers.points_per_currency_unit_text') }} as points_per_currency_unit,
        count(*) over (partition by tiers.tier_name) as rows_with_name,
        count(*) over (partition by tiers.tier_rank_text) as rows_with_rank
    from (
        select
            {{ loyalty.config_text('config.tier_name') }} as tier_name,
            {{ loyalty.config_text('config.tier_rank') }} as tier_rank_text,
            {{ loyalty.config_text('config.min_qualifying_spend') }} as min_qualifying_spend_text,
            {{ loyalty.config_text('config.points_per_currency_unit') }} as points_per_currency_unit_text
        from {{ tiers_source }} as config
    ) as tiers
{%- endset -%}
{%- set problem -%}
    case
        when checked.tier_name is null then 'column tier_name is empty'
        when checked.rows_with_name > 1 then 'column tier_name: ''' || checked.tier_name || ''' is not unique'
        when checked.tier_rank is null or checked.tier_rank < 1
            then 'column tier_rank: ''' || coalesce(checked.tier_rank_text, '') || ''' is not a whole number >= 1'
        when checked.rows_with_rank > 1 then 'column tier_rank: ' || checked.tier_rank_text || ' is not unique'
        when checked.min_qualifying_spend is null or checked.min_qualifying_spend < 0
            then 'column min_qualifying_spend: '''
                || coalesce(checked.min_qualifying_spend_text, '') || ''' is not an amount >= 0'
        when checked.points_per_currency_unit is null or checked.points_per_currency_unit < 0
            then 'column points_per_currency_unit: '''
                || coalesce(checked.points_per_currency_unit_text, '') || ''' is not a number >= 0'
    end
{%- endset -%}
{%- set row_label = "case when checked.tier_name is null then 'a row' else 'tier ''' || checked.tier_name || '''' end" -%}
{%- do loyalty.check_config('loyalty_tiers', tiers_source,
    "select " ~ row_label ~ ", " ~ problem ~ " from (" ~ typed_rows ~ ") as checked where " ~ problem
    ~ " is not null") %}
with

checked as (
    {{ typed_rows }}
),

final as (
    select
        checked.tier_name,
        checked.tier_rank,
        cast(checked.min_qualifying_spend as {{ loyalty.type_money() }}) as min_qualifying_spend,
        cast(checked.points_per_currency_unit as decimal(18, 4)) as points_per_currency_unit
    from checked
)

select * from final
