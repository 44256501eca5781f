{#- The program configuration (docs/metrics.md section 13), typed. A row that
    breaks the rules stops the build with a message naming it: the checks
    below run first, on the same typed rows the model publishes. -#}
{%- set programs_source = loyalty.config_source('loyalty_programs') -%}
{%- set typed_rows -%}
    select
        programs.program,
        lower(programs.program_type) as program_type,
        {{ loyalty.parse_money('programs.annual_fee') }} as annual_fee,
        case lower(programs.earns_points) when 'true' then true when 'false' then false end as earns_points,
        {{ loyalty.parse_money('programs.reward_threshold_spend') }} as reward_threshold_spend,
        {{ loyalty.parse_money('programs.reward_value') }} as reward_value,
        programs.annual_fee as annual_fee_text,
        programs.earns_points as earns_points_text,
        programs.reward_threshold_spend as reward_threshold_spend_text,
        programs.reward_value as reward_value_text,
        count(*) over (partition by programs.program) as rows_with_program
    from (
        select
            {{ loyalty.config_text('config.program') }} as program,
            {{ loyalty.config_text('config.program_type') }} as program_type,
            {{ loyalty.config_text('config.annual_fee') }} as annual_fee,
            {{ loyalty.config_text('config.earns_points') }} as earns_points,
            {{ loyalty.config_text('config.reward_threshold_spend') }}
                as reward_threshold_spend,
            {{ loyalty.config_text('config.reward_value') }} as reward_value
        from {{ programs_source }} as config
    ) as programs
{%- endset -%}
{%- set problem -%}
    case
        when checked.program is null then 'program is empty'
        when checked.rows_with_program > 1 then 'program is not unique'
        when checked.program_type is null
            or checked.program_type not in ('points', 'tiered', 'paid', 'value', 'partner', 'game')
            then 'program_type must be points, tiered, paid, value, partner or game'
        when checked.annual_fee is null or checked.annual_fee < 0
            then 'annual_fee must be an amount >= 0 (0 = free)'
        when checked.earns_points is null then 'earns_points must be true or false'
        when (checked.reward_threshold_spend_text is null) <> (checked.reward_value_text is null)
            then 'reward_threshold_spend and reward_value must both be empty or both be set'
        when checked.reward_threshold_spend_text is not null
            and (checked.reward_threshold_spend is null or checked.reward_threshold_spend <= 0)
            then 'reward_threshold_spend must be an amount > 0'
        when checked.reward_value_text is not null and (checked.reward_value is null or checked.reward_value < 0)
            then 'reward_value must be an amount >= 0'
    end
{%- endset -%}
{%- set row_label = "'program ''' || coalesce(checked.program, '') || ''''" -%}
{%- do loyalty.check_config('loyalty_programs', programs_source,
    "select " ~ row_label ~ ", " ~ problem ~ " from (" ~ typed_rows ~ ") as checked where " ~ problem ~ " is not null") %}
with

checked as (
    {{ typed_rows }}
),

final as (
    select
        checked.program,
        checked.program_type,
        cast(checked.annual_fee as {{ loyalty.type_money() }}) as annual_fee,
        checked.earns_points,
        cast(checked.reward_threshold_spend as {{ loyalty.type_money() }}) as reward_threshold_spend,
        cast(checked.reward_value as {{ loyalty.type_money() }}) as reward_value
    from checked
)

select * from final
